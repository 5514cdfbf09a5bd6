package io.megaspark.chunking.tokenize;

import io.megaspark.chunking.ChunkingErrors;
import java.util.List;
import java.util.Objects;

/** The tokenizers by name: the names a model's config.json may give. */
public final class Tokenizers {
  private Tokenizers() {}

  /** Every valid name, the default (the bundled model's) first. */
  public static List<String> names() {
    return List.of(ByteTokenizer.NAME, Gpt2Tokenizer.NAME);
  }

  /**
   * The tokenizer of that name ({@code "bytes"} or {@code "gpt2"}, case-sensitive).
   *
   * @throws io.megaspark.chunking.ChunkingException for an unknown name, listing the valid ones
   */
  public static Tokenizer byName(String name) {
    Objects.requireNonNull(name, "tokenizer name");
    return switch (name) {
      case ByteTokenizer.NAME -> ByteTokenizer.instance();
      case Gpt2Tokenizer.NAME -> Gpt2Tokenizer.instance();
      default -> throw ChunkingErrors.unknownTokenizer(name, names());
    };
  }
}
