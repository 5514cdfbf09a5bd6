package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamBatcherTest {
  /** Document d holds tokens d*1000 + position, so every token says where it came from. */
  private static List<TokenDocument> corpus(int... lengths) {
    List<TokenDocument> docs = new ArrayList<>();
    for (int d = 0; d < lengths.length; d++) {
      int[] t = new int[lengths[d]];
      for (int i = 0; i < t.length; i++) {
        t[i] = d * 1000 + i;
      }
      docs.add(new TokenDocument("doc" + d, t, t.length));
    }
    return docs;
  }

  @Test
  void everyTarget_isTheNextTokenOfItsInput() {
    StreamBatcher s = new StreamBatcher(corpus(50, 17, 33), 2, 8, 0, 1);
    for (int step = 0; step < 30; step++) {
      TrainingBatch b = s.next();
      for (int r = 0; r < 2; r++) {
        for (int t = 0; t < 8; t++) {
          if (b.targets()[r][t] != TrainingBatch.IGNORE) {
            assertTrue(t < b.validLengths()[r]);
            assertEquals(b.inputs()[r][t] + 1, b.targets()[r][t]);
          }
        }
      }
    }
  }

  @Test
  void rows_streamTheirPiecesInOrderStartingAtPieceBoundaries() {
    StreamBatcher s = new StreamBatcher(corpus(50, 17, 33, 9), 3, 8, 20, 5);
    int[] lastInRow = {-1, -1, -1};
    for (int step = 0; step < 30; step++) {
      TrainingBatch b = s.next();
      for (int r = 0; r < 3; r++) {
        int first = b.inputs()[r][0];
        if (b.startsPiece()[r]) {
          assertEquals(0, first % 1000 % 20, "pieces start at multiples of max_piece_tokens");
        } else {
          assertEquals(lastInRow[r] + 1, first, "row " + r + " continues its piece in order");
        }
        lastInRow[r] = b.inputs()[r][b.validLengths()[r] - 1];
      }
    }
  }

  @Test
  void oneEpoch_coversEveryTargetExactlyOnce() {
    List<TokenDocument> docs = corpus(50, 17, 33, 9);
    StreamBatcher s = new StreamBatcher(docs, 1, 8, 20, 5);
    Map<Integer, Integer> seen = new HashMap<>();
    do {
      TrainingBatch b = s.next();
      for (int t : b.targets()[0]) {
        if (t != TrainingBatch.IGNORE) {
          seen.merge(t, 1, Integer::sum);
        }
      }
    } while (!(s.position().rowPiece()[0] == -1 && s.position().nextInOrder() == s.pieceCount()));
    for (TokenDocument d : docs) {
      for (int i = 1; i < d.tokens().length; i++) {
        assertEquals(1, seen.getOrDefault(d.tokens()[i], 0), "target " + d.tokens()[i]);
      }
    }
    assertEquals(49 + 16 + 32 + 8, seen.size());
  }

  @Test
  void seek_toSavedPosition_continuesWithIdenticalBatches() {
    List<TokenDocument> docs = corpus(50, 17, 33, 9, 70);
    StreamBatcher a = new StreamBatcher(docs, 2, 8, 0, 11);
    for (int i = 0; i < 7; i++) {
      a.next();
    }
    DataPosition saved = a.position();
    StreamBatcher b = new StreamBatcher(docs, 2, 8, 0, 11);
    b.seek(saved);
    for (int i = 0; i < 40; i++) {
      TrainingBatch x = a.next();
      TrainingBatch y = b.next();
      assertArrayEquals(x.inputs(), y.inputs());
      assertArrayEquals(x.targets(), y.targets());
      assertArrayEquals(x.startsPiece(), y.startsPiece());
    }
  }
}
