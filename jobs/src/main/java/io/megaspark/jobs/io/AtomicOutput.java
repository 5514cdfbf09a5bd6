package io.megaspark.jobs.io;

import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.MegasparkException;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Commits a job's output atomically: everything is written under a hidden staging directory next to the
 * target, which is renamed onto the target only when the whole write succeeded. A failed job leaves no
 * partial output at the target path (the staging directory is removed).
 */
public final class AtomicOutput {
  private AtomicOutput() {}

  /**
   * Runs {@code writer} on a staging path and renames it to {@code target}.
   *
   * @param overwrite replace an existing target (it is removed only after the new output is complete)
   */
  public static void commit(String target, boolean overwrite, Configuration hadoopConf, Consumer<String> writer) {
    Path dest = new Path(target);
    try {
      FileSystem fs = dest.getFileSystem(hadoopConf);
      if (fs.exists(dest) && !overwrite) {
        throw JobErrors.outputExists(target);
      }
      Path parent = dest.getParent();
      Path staging = new Path(parent, "." + dest.getName() + ".staging-" + UUID.randomUUID());
      try {
        writer.accept(staging.toString());
        if (fs.exists(dest)) {
          fs.delete(dest, true);
        }
        if (!fs.rename(staging, dest)) {
          throw new MegasparkException("could not move finished output " + staging + " to " + dest);
        }
      } finally {
        if (fs.exists(staging)) {
          fs.delete(staging, true);
        }
      }
    } catch (IOException e) {
      throw new MegasparkException("cannot write output " + target + ": " + e.getMessage(), e);
    }
  }
}
