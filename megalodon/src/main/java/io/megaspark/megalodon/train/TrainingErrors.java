package io.megaspark.megalodon.train;

import io.megaspark.megalodon.MegalodonException;
import java.nio.file.Path;

/** User-facing errors of training, in one place so the wording stays consistent. */
public final class TrainingErrors {
  private TrainingErrors() {}

  public static MegalodonException checkpointUnreadable(Path dir, String why) {
    return new MegalodonException("cannot resume from checkpoint " + dir + ": " + why
        + " (the checkpoint is incomplete or damaged; resume from an older one or start without --resume)");
  }

  public static MegalodonException checkpointMismatch(Path dir, String key, Object saved, Object now) {
    return new MegalodonException("checkpoint " + dir + " was written with " + key + "=" + saved
        + " but this run has " + key + "=" + now + " (an exact resume needs the same settings; pass the"
        + " original value or start a new run in another directory)");
  }

  public static MegalodonException cannotWrite(Path dir, Exception cause) {
    return new MegalodonException("cannot write checkpoint " + dir + ": " + cause.getMessage()
        + " (check free disk space and permissions of the output directory)", cause);
  }
}
