package io.megaspark.udfs.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarginalRelevanceTest {
  static final double[] DOC = {1, 1, 0};
  // 0 and 1 are the same direction (close to the document); 2 is orthogonal to 0/1 but still relevant
  static final double[][] SENTENCES = {{1, 0.9, 0}, {2, 1.8, 0}, {0.2, 1, 0.9}, {0, 0, 1}};

  @Test
  void select_lambdaOne_takesTheMostRelevantInDocumentOrder() {
    assertArrayEquals(new int[] {0, 1}, MarginalRelevance.select(SENTENCES, DOC, 2, 1.0));
  }

  @Test
  void select_lowerLambda_skipsTheRepeatOfAPickedSentence() {
    assertArrayEquals(new int[] {0, 2}, MarginalRelevance.select(SENTENCES, DOC, 2, 0.5));
  }

  @Test
  void select_kAboveSentenceCount_takesEverySentence() {
    assertArrayEquals(new int[] {0, 1, 2, 3}, MarginalRelevance.select(SENTENCES, DOC, 9, 0.7));
    assertArrayEquals(new int[0], MarginalRelevance.select(new double[0][], DOC, 3, 0.7));
  }

  @Test
  void cosine_zeroVector_isZero() {
    assertEquals(0, MarginalRelevance.cosine(new double[] {0, 0}, new double[] {1, 2}), 0);
    assertEquals(1, MarginalRelevance.cosine(new double[] {1, 2}, new double[] {2, 4}), 1e-12); // rounding only
  }
}
