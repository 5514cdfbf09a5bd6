package io.megaspark.chunking;

/**
 * A problem the user can fix (bad input, unknown tokenizer name, corrupt block file). Its message says
 * what is wrong, why, what to do, and where. Built only by {@link ChunkingErrors}; programming errors are
 * plain {@link IllegalArgumentException}s instead.
 */
public class ChunkingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ChunkingException(String message) {
    super(message);
  }

  ChunkingException(String message, Throwable cause) {
    super(message, cause);
  }
}
