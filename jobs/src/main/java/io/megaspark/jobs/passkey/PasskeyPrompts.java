package io.megaspark.jobs.passkey;

import io.megaspark.chunking.tokenize.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The passkey retrieval task of Mohtashami and Jaggi, used in the position-interpolation paper (Chen et al.
 * 2023, section 3.3, figure 3): filler sentences repeated, the key sentence at a chosen depth, then the
 * question. The model's answer is read after "The pass key is" (MODEL.md 5).
 */
public final class PasskeyPrompts {
  /** One unit of filler, repeated. */
  public static final String FILLER =
      "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again. ";
  /** The question closing every prompt; the answer follows it. */
  public static final String QUESTION = "What is the pass key? The pass key is";

  private PasskeyPrompts() {}

  /** "The pass key is NNNNN. Remember it. NNNNN is the pass key. ". */
  public static String keySentence(String key) {
    return "The pass key is " + key + ". Remember it. " + key + " is the pass key. ";
  }

  /** The teacher-forced answer after {@link #QUESTION}: a space and the key. */
  public static String answer(String key) {
    return " " + key;
  }

  /** Every (length, depth, trial), in that order. */
  public static List<PasskeyPrompt> plan(int[] lengths, int[] depths, int trials, long seed) {
    List<PasskeyPrompt> out = new ArrayList<>();
    for (int length : lengths) {
      for (int depth : depths) {
        for (int t = 0; t < trials; t++) {
          out.add(PasskeyPrompt.of(length, depth, t, seed));
        }
      }
    }
    return out;
  }

  /**
   * The prompt text. The number of filler units n is the largest that keeps BOS + text within the target
   * length (tokens counted per part, exact for the byte tokenizer and within a few tokens for BPE); the key
   * sentence follows {@code round(n * depth / 100)} of them, so depth 0 puts it first and 100 right before
   * the question. A target shorter than key and question gets no filler.
   */
  public static String text(PasskeyPrompt p, Tokenizer tokenizer) {
    String key = keySentence(p.keyText());
    int fixed = 1 + tokenizer.encode(key).length + tokenizer.encode(QUESTION).length;
    int unit = tokenizer.encode(FILLER).length;
    int units = Math.max(0, (p.length() - fixed) / unit);
    int before = (int) Math.round(units * p.depth() / 100.0);
    StringBuilder sb = new StringBuilder(units * FILLER.length() + key.length() + QUESTION.length());
    sb.append(FILLER.repeat(before)).append(key).append(FILLER.repeat(units - before)).append(QUESTION);
    return sb.toString();
  }
}
