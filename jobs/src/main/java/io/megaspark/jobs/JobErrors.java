package io.megaspark.jobs;

import java.util.Collection;

/** The jobs module's user-facing errors, in one place so their wording stays consistent. */
public final class JobErrors {
  private JobErrors() {}

  public static MegasparkException inputNotFound(String path) {
    return new MegasparkException(
        "input not found: " + path + " (no file or directory matches; check --input, globs are allowed)");
  }

  public static MegasparkException outputExists(String path) {
    return new MegasparkException(
        "output already exists: " + path + " (outputs are never overwritten in place; pass --overwrite"
            + " or choose another --output)");
  }

  public static MegasparkException badConf(String entry) {
    return new MegasparkException(
        "bad --conf entry '" + entry + "': expected key=value, for example --conf spark.driver.memory=4g");
  }

  public static MegasparkException unknownKey(String where, String key, Collection<String> valid) {
    return new MegasparkException(
        "unknown key '" + key + "' in " + where + "; valid keys: " + String.join(", ", valid));
  }

  public static MegasparkException severalGpusPerTask(Collection<String> addresses) {
    return new MegasparkException(
        "a task was given " + addresses.size() + " GPUs " + addresses + ", but a Megaspark model runs on one"
            + " device: set spark.task.resource.gpu.amount=1 (or a fraction such as 0.5 to let tasks share a"
            + " GPU); see conf/spark-gpu.conf");
  }
}
