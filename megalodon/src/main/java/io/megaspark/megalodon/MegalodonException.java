package io.megaspark.megalodon;

/**
 * A user-facing problem with a model file, a config or a carried state: the message says what is wrong,
 * why, what to do and where (file, tensor, key). Built only by the module's error factories
 * ({@code ConfigErrors}, {@code WeightErrors}, {@code StateErrors}) so the wording stays consistent.
 */
public class MegalodonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MegalodonException(String message) {
    super(message);
  }

  public MegalodonException(String message, Throwable cause) {
    super(message, cause);
  }
}
