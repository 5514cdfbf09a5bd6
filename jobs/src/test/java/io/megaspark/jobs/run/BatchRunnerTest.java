package io.megaspark.jobs.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.score.ScoreJob;
import io.megaspark.jobs.score.ScoreTotals;
import io.megaspark.jobs.testing.ToyModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchRunnerTest {
  static final int BOS = 256;
  static final int EOS = 257;
  final ToyModel model = new ToyModel(4, 260, 8, 7);

  /** Random documents of 0..60 text tokens (some shorter than a chunk, some many blocks long). */
  static List<int[]> corpus(long seed, int docs) {
    Random r = new Random(seed);
    List<int[]> out = new ArrayList<>();
    for (int d = 0; d < docs; d++) {
      int[] t = new int[r.nextInt(61)];
      for (int i = 0; i < t.length; i++) {
        t[i] = r.nextInt(256);
      }
      out.add(t);
    }
    return out;
  }

  /** The oracle: one model call over the whole stream BOS + text, targets = next token, last = EOS. */
  double oneCallNll(int[] text) {
    int n = text.length + 1;
    int t = (n + 3) / 4 * 4;
    int[] tokens = new int[t];
    int[] targets = new int[t];
    java.util.Arrays.fill(targets, -1);
    tokens[0] = BOS;
    System.arraycopy(text, 0, tokens, 1, text.length);
    for (int i = 0; i < n; i++) {
      targets[i] = i + 1 < n ? tokens[i + 1] : EOS;
    }
    BlockResult<ToyModel.State> out = model.forward(List.of(model.initialState()), new int[][] {tokens},
        new int[] {n}, new BlockRequest(false, new int[][] {targets}, false, false));
    double nll = 0;
    for (int i = 0; i < n; i++) {
      nll -= out.targetLogProbs()[0][i];
    }
    return nll;
  }

  /** Feeds BOS + text in arrays of irregular sizes, as a tokenizer reading a stream would. */
  static Iterator<int[]> feed(int[] text, long seed) {
    Random r = new Random(seed);
    List<int[]> parts = new ArrayList<>();
    parts.add(new int[] {BOS});
    for (int i = 0; i < text.length; ) {
      int n = Math.min(text.length - i, 1 + r.nextInt(9));
      parts.add(java.util.Arrays.copyOfRange(text, i, i + n));
      i += n;
    }
    return parts.iterator();
  }

  Map<String, Row> run(List<int[]> docs, RunSettings settings, boolean stateOut) {
    ScoreJob job = new ScoreJob(stateOut);
    List<StreamInput> inputs = new ArrayList<>();
    for (int d = 0; d < docs.size(); d++) {
      String id = "doc" + d;
      DocumentFold fold = job.open(new DocumentMeta(id, docs.get(d).length, null, ScoreTotals.ZERO),
          Tokenizers.byName("bytes"), model.info());
      inputs.add(new StreamInput(id, feed(docs.get(d), d), 0, 0, null, fold, null));
    }
    Map<String, Row> out = new HashMap<>();
    new BatchRunner<>(model, inputs.iterator(), settings, job.needs(), EOS, RunProgress.NONE)
        .forEachRemaining(r -> out.put(r.getString(0), r));
    return out;
  }

  @ParameterizedTest
  @CsvSource({"4,1", "4,8", "16,1", "16,8", "8,3"})
  void score_anyBlockAndBatchSize_equalsOneCallOverWholeDocument(int blockTokens, int batch) {
    List<int[]> docs = corpus(11, 20);
    Map<String, Row> rows = run(docs, new RunSettings(blockTokens, batch, true), false);
    assertEquals(docs.size(), rows.size());
    for (int d = 0; d < docs.size(); d++) {
      Row r = rows.get("doc" + d);
      assertEquals(docs.get(d).length, r.getLong(1), "tokens of doc" + d);
      assertEquals(oneCallNll(docs.get(d)), r.getDouble(3), 1e-4, "nll of doc" + d); // float32 log-probs summed
    }
  }

  @ParameterizedTest
  @CsvSource({"4,2", "16,5"})
  void score_splitAtLastBoundary_changesNothing(int blockTokens, int batch) {
    List<int[]> docs = corpus(12, 12);
    Map<String, Row> plain = run(docs, new RunSettings(blockTokens, batch, true), false);
    Map<String, Row> split = run(docs, new RunSettings(blockTokens, batch, true), true);
    for (int d = 0; d < docs.size(); d++) {
      assertEquals(plain.get("doc" + d).getDouble(3), split.get("doc" + d).getDouble(3), 1e-9, "doc" + d);
    }
  }

  /** The ablation's oracle: every block of T tokens scored from the initial state on its own. */
  double resetEveryBlockNll(int[] text, int blockTokens) {
    int n = text.length + 1;
    int[] stream = new int[n + 1];
    stream[0] = BOS;
    System.arraycopy(text, 0, stream, 1, text.length);
    stream[n] = EOS;
    double nll = 0;
    for (int start = 0; start < n; start += blockTokens) {
      int len = Math.min(blockTokens, n - start);
      int[] tokens = new int[blockTokens];
      int[] targets = new int[blockTokens];
      java.util.Arrays.fill(targets, -1);
      for (int i = 0; i < len; i++) {
        tokens[i] = stream[start + i];
        targets[i] = stream[start + i + 1];
      }
      BlockResult<ToyModel.State> out = model.forward(List.of(model.initialState()), new int[][] {tokens},
          new int[] {len}, new BlockRequest(false, new int[][] {targets}, false, false));
      for (int i = 0; i < len; i++) {
        nll -= out.targetLogProbs()[0][i];
      }
    }
    return nll;
  }

  @ParameterizedTest
  @CsvSource({"4,3", "8,1"})
  void carryStateFalse_resetsAtEveryBlock(int blockTokens, int batch) {
    List<int[]> docs = corpus(13, 12);
    Map<String, Row> reset = run(docs, new RunSettings(blockTokens, batch, false), false);
    Map<String, Row> carried = run(docs, new RunSettings(blockTokens, batch, true), false);
    boolean differs = false;
    for (int d = 0; d < docs.size(); d++) {
      double got = reset.get("doc" + d).getDouble(3);
      assertEquals(resetEveryBlockNll(docs.get(d), blockTokens), got, 1e-4, "doc" + d); // float log-probs summed
      differs |= Math.abs(got - carried.get("doc" + d).getDouble(3)) > 1e-3;
    }
    org.junit.jupiter.api.Assertions.assertTrue(differs, "carrying the state must change some score");
  }

  @ParameterizedTest
  @CsvSource({"4", "12"})
  void pieceStream_targetsAreTheNextTokenAndEos(int blockTokens) {
    int[] text = {5, 6, 7, 8, 9, 10, 11};
    PieceStream s = new PieceStream(feed(text, 3), EOS, 0, 0, blockTokens, 4, true);
    List<Integer> fed = new ArrayList<>();
    List<Integer> targets = new ArrayList<>();
    Piece last = null;
    while (s.hasNext()) {
      last = s.next();
      for (int i = 0; i < last.length(); i++) {
        fed.add(last.tokens()[i]);
        targets.add(last.targets()[i]);
      }
    }
    assertEquals(List.of(BOS, 5, 6, 7, 8, 9, 10, 11), fed);
    assertEquals(List.of(5, 6, 7, 8, 9, 10, 11, EOS), targets);
    assertEquals(4, last.position()); // the final piece starts on the last chunk boundary
    assertArrayEquals(new int[] {8, 9, 10, 11}, last.tokens());
  }
}
