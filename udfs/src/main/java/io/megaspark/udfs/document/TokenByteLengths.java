package io.megaspark.udfs.document;

import io.megaspark.chunking.tokenize.Tokenizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UTF-8 length each token id stands for (0 for BOS, EOS and other framing ids), to map token positions
 * to byte offsets: one byte per token for the byte tokenizer; for BPE, decoded once per id and JVM.
 */
final class TokenByteLengths {
  private static final Map<String, int[]> BY_TOKENIZER = new ConcurrentHashMap<>();

  private TokenByteLengths() {}

  static int[] of(Tokenizer tokenizer) {
    return BY_TOKENIZER.computeIfAbsent(tokenizer.name(), name -> {
      int[] out = new int[tokenizer.vocabSize()];
      for (int id = 0; id < out.length; id++) {
        out[id] = tokenizer.decodeBytes(new int[] {id}).length;
      }
      return out;
    });
  }
}
