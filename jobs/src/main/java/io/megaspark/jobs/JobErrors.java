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

  public static MegasparkException badModelFactory(String factoryClass, String why) {
    return new MegasparkException(
        "cannot build a model with factory " + factoryClass + ": " + why + " (a custom model factory needs a"
            + " public no-argument constructor, must implement io.megaspark.jobs.run.BlockModelFactory and be"
            + " on the executors' classpath)");
  }
}
