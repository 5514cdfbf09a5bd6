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

  /**
   * A bad input record under {@code --on-bad-record=fail}.
   *
   * @param others how many more bad records the input has
   */
  public static MegasparkException badRecord(io.megaspark.jobs.input.BadDocument bad, long others) {
    return new MegasparkException(
        "bad input record (" + bad.reason().label() + ") in " + bad.where() + ": " + bad.detail()
            + "; the job stopped and wrote nothing because --on-bad-record=fail (the default); repair or"
            + " remove the record, or run with --on-bad-record=skip to skip such records and count them"
            + (others > 0 ? " (" + others + " more bad record" + (others > 1 ? "s" : "") + " in the input)" : ""));
  }

  /** An option value that breaks its rule. */
  public static MegasparkException badOption(String key, String value, String rule) {
    return new MegasparkException(
        "bad value for --" + key + ": '" + value + "'; it must be " + rule + " (command line, or the job file"
            + " conf/jobs/<job>.conf)");
  }

  public static MegasparkException mixedInputFormats(String input, Object first, Object other, String file) {
    return new MegasparkException(
        "input " + input + " mixes formats: " + first + " files and a " + other + " file (" + file + "); one job"
            + " reads one format; pass --input-format, or point --input at files of one kind");
  }

  public static MegasparkException missingColumn(String where, String column, java.util.List<String> have) {
    return new MegasparkException(
        "column '" + column + "' not found in " + where + "; its columns are " + have + "; name the id and text"
            + " columns with --id-field and --text-field");
  }

  public static MegasparkException modelMissing(String directory) {
    return new MegasparkException(
        "model not found: " + directory + " has no config.json; a model is a directory with config.json and"
            + " model.safetensors (DESIGN.md, \"Model files\"); pass --model DIR"
            + (directory.endsWith(JobOptions.BUNDLED_MODEL) ? " (the bundled model " + JobOptions.BUNDLED_MODEL
                + " is not part of this checkout yet)" : ""));
  }

  public static MegasparkException severalGpusPerTask(Collection<String> addresses) {
    return new MegasparkException(
        "a task was given " + addresses.size() + " GPUs " + addresses + ", but a Megaspark model runs on one"
            + " device: set spark.task.resource.gpu.amount=1 (or a fraction such as 0.5 to let tasks share a"
            + " GPU); see conf/spark-gpu.conf");
  }

  public static MegasparkException cacheUnreadable(String cache, String why, Throwable cause) {
    return new MegasparkException(
        "cannot read the token cache " + cache + ": " + why + " (a token cache is the output directory of"
            + " `megaspark prepare`; prepare it again, or pass --input-format text to read text files)", cause);
  }

  public static MegasparkException cacheCorrupt(String cache, String file, String why) {
    return new MegasparkException(
        "token cache " + cache + " is damaged in " + file + ": " + why + " (a cache is written atomically, so"
            + " something changed it afterwards; prepare it again with --overwrite)");
  }

  public static MegasparkException cacheTokenizer(String cache, String cacheTokenizer, String modelTokenizer) {
    return new MegasparkException(
        "token cache " + cache + " holds " + cacheTokenizer + " token ids, but the model uses the "
            + modelTokenizer + " tokenizer (ids would mean other text); prepare the cache with this model's"
            + " --config");
  }
}
