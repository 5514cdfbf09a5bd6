package io.megaspark.jobs.input;

import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.MegasparkException;

/** Thrown while reading a document that turns out to be bad; the reader catches it and records it. */
public final class BadDocumentException extends MegasparkException {
  private static final long serialVersionUID = 1L;

  private final transient BadDocument bad;

  public BadDocumentException(BadDocument bad) {
    super(JobErrors.badRecord(bad, 0).getMessage());
    this.bad = bad;
  }

  public BadDocument bad() {
    return bad;
  }
}
