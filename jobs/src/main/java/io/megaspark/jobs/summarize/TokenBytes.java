package io.megaspark.jobs.summarize;

import io.megaspark.chunking.tokenize.Tokenizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many UTF-8 bytes of the text each token id stands for (0 for BOS, EOS and other framing ids), so
 * token positions can be mapped to byte offsets: the byte tokenizer has one byte per token; for BPE the
 * lengths come from decoding each id once per JVM.
 */
final class TokenBytes {
  private static final Map<String, int[]> CACHE = new ConcurrentHashMap<>();

  private TokenBytes() {}

  static int[] lengths(Tokenizer tokenizer) {
    return CACHE.computeIfAbsent(tokenizer.name(), n -> {
      int[] out = new int[tokenizer.vocabSize()];
      for (int id = 0; id < out.length; id++) {
        out[id] = tokenizer.decodeBytes(new int[] {id}).length;
      }
      return out;
    });
  }
}
