package io.megaspark.udfs;

/**
 * A problem the user of Megaspark's SQL functions can fix (a missing model, a bad option, a bad argument).
 * Its message says what is wrong, why, what to do and where. Built by {@link UdfErrors}; never for
 * programming errors.
 */
public class UdfException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UdfException(String message) {
    super(message);
  }

  public UdfException(String message, Throwable cause) {
    super(message, cause);
  }
}
