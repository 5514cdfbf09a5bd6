package io.megaspark.jobs.longdoc;

/**
 * The long-document settings of a job.
 *
 * @param mode {@code --long-doc-mode}, default auto
 * @param maxTokensPerTask {@code --max-tokens-per-task}: a document longer than this is split into
 *     ranges of at most this many tokens (rounded down to whole chunks); default {@link #DEFAULT_MAX}
 */
public record LongDocOptions(LongDocMode mode, long maxTokensPerTask) implements java.io.Serializable {
  /** 2^22 tokens: a few minutes of a small model on one core, a bounded task memory. */
  public static final long DEFAULT_MAX = 1L << 22;

  public LongDocOptions {
    if (mode == null) {
      throw new IllegalArgumentException("long-doc-mode: must not be null");
    }
    if (maxTokensPerTask < 1) {
      throw LongDocErrors.badMaxTokens(maxTokensPerTask);
    }
  }

  public static LongDocOptions defaults() {
    return new LongDocOptions(LongDocMode.AUTO, DEFAULT_MAX);
  }
}
