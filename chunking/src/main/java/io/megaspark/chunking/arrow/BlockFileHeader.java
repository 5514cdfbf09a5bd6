package io.megaspark.chunking.arrow;

import io.megaspark.chunking.block.BlockSpec;
import java.util.Objects;

/**
 * What a block file says about its blocks, kept in the Arrow schema's metadata: the tokenizer that made
 * the ids and the block shape. A reader checks both before feeding blocks to a model.
 *
 * @param tokenizer the tokenizer's name ({@code "bytes"}, {@code "gpt2"})
 * @param spec the block shape: every block but a document's last has spec.blockLength() tokens
 */
public record BlockFileHeader(String tokenizer, BlockSpec spec) {
  public BlockFileHeader {
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(spec, "spec");
    if (tokenizer.isBlank()) {
      throw new IllegalArgumentException("tokenizer: blank, must name a tokenizer");
    }
  }
}
