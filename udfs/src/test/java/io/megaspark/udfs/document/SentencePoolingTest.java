package io.megaspark.udfs.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.megaspark.chunking.text.Sentence;
import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentencePoolingTest {

  @Test
  void accept_tokensPoolIntoTheSentenceHoldingTheirLastByte() {
    Tokenizer bytes = Tokenizers.byName("bytes");
    String text = "Ab. Cd.";
    // sentences [0, 3) and [4, 7); the space at byte 3 belongs to none
    List<Sentence> sentences = List.of(new Sentence("Ab.", 0, 3, 0, 3), new Sentence("Cd.", 4, 7, 4, 7));
    SentencePooling p = new SentencePooling(sentences, 1, TokenByteLengths.of(bytes));
    int[] stream = BlockFeed.stream(bytes, text);
    float[][] hidden = new float[stream.length][1];
    for (int i = 0; i < stream.length; i++) {
      hidden[i][0] = i; // position i has value i; BOS is position 0
    }
    p.accept(stream, hidden, 3); // split across two calls, as blocks are
    float[][] rest = new float[stream.length - 3][];
    int[] restTokens = new int[stream.length - 3];
    System.arraycopy(hidden, 3, rest, 0, rest.length);
    System.arraycopy(stream, 3, restTokens, 0, restTokens.length);
    p.accept(restTokens, rest, rest.length);
    // sentence 1: positions 1..3 (bytes 0..2); sentence 2: positions 5..7; the mean over all 8 positions
    assertArrayEquals(new double[][] {{2}, {6}}, p.sentences());
    assertArrayEquals(new double[] {3.5}, p.document());
  }
}
