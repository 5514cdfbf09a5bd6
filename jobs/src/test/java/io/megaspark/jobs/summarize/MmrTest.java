package io.megaspark.jobs.summarize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class MmrTest {
  static final double[][] SENTENCES = {
    {1, 0, 0}, {0.99, 0.1, 0}, {0, 1, 0}, {0.7, 0.7, 0}, {0, 0, 1}
  };
  static final double[] DOC = {1, 0.6, 0};

  @Test
  void lambdaOne_takesTheMostSimilarSentences() {
    assertArrayEquals(new int[] {1, 3}, Mmr.select(SENTENCES, DOC, 2, 1.0));
  }

  @Test
  void lowerLambda_prefersLessRedundantSentence() {
    // Sentence 3 is chosen first (closest to the document); sentence 1 is more relevant than 0 but more
    // similar to 3, so with lambda 0.5 sentence 0 comes next.
    assertArrayEquals(new int[] {0, 3}, Mmr.select(SENTENCES, DOC, 2, 0.5));
  }

  @Test
  void moreRequestedThanSentences_returnsAllInOrder() {
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Mmr.select(SENTENCES, DOC, 9, 0.7));
  }
}
