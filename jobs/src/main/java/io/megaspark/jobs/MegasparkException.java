package io.megaspark.jobs;

/**
 * A problem the user can fix (bad input, bad option, missing file). Its message says what is wrong, why,
 * what to do, and where (file, document, offset). Built by {@link JobErrors}; never for programming errors.
 */
public class MegasparkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MegasparkException(String message) {
    super(message);
  }

  public MegasparkException(String message, Throwable cause) {
    super(message, cause);
  }
}
