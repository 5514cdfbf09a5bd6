package io.megaspark.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.generate.Sampling;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.BlockRequest;
import io.megaspark.jobs.run.BlockResult;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.testing.Corpora;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.jobs.testing.ToyModel;
import io.megaspark.jobs.testing.ToyModelFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Java API's embed, generate and summarize, checked against the model called directly. */
class MegasparkApiIT {
  static SparkSession spark;
  static final ToyModel MODEL = (ToyModel) new ToyModelFactory().create("4,260,8,7");
  static final Tokenizer BYTES = Tokenizers.byName("bytes");
  static final Map<String, String> TEXTS = new LinkedHashMap<>();
  static Dataset<Row> docs;

  @BeforeAll
  static void start() {
    spark = TestSpark.local();
    Random r = new Random(17);
    for (int i = 0; i < 9; i++) {
      TEXTS.put("d" + i, Corpora.text(r, i * 7));
    }
    List<Row> rows = new ArrayList<>();
    TEXTS.forEach((id, t) -> rows.add(RowFactory.create(id, t)));
    StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
    docs = spark.createDataFrame(rows, schema);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static RunOptions run(int partitions, int block, int batch) {
    return RunOptions.defaults().withPartitions(partitions).withBlockTokens(block).withBatchSize(batch);
  }

  static Map<String, Row> byId(Dataset<Row> d) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : d.collectAsList()) {
      out.put(r.getString(0), r);
    }
    return out;
  }

  /** BOS + text, in one model call from the initial state. */
  static BlockResult<ToyModel.State> oneCall(int[] stream, BlockRequest request) {
    int t = (stream.length + 3) / 4 * 4;
    return MODEL.forward(List.of(MODEL.initialState()), new int[][] {Arrays.copyOf(stream, t)},
        new int[] {stream.length}, request);
  }

  static int[] stream(String text) {
    int[] body = BYTES.encode(text);
    int[] s = new int[body.length + 1];
    s[0] = BYTES.bosId();
    System.arraycopy(body, 0, s, 1, body.length);
    return s;
  }

  /** Greedy generation by recomputing the whole stream from scratch at every step. */
  static int[] greedyOracle(String text, String prompt, int n) {
    int[] s = stream(text + prompt);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] last = oneCall(s, new BlockRequest(true, null, false, false)).logits()[0][s.length - 1];
      int best = 0;
      for (int k = 1; k < last.length; k++) {
        best = last[k] > last[best] ? k : best;
      }
      if (best == BYTES.eosId()) {
        break;
      }
      out.add(best);
      s = Arrays.copyOf(s, s.length + 1);
      s[s.length - 1] = best;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @ParameterizedTest
  @CsvSource({"1,4,1", "3,8,4"})
  void generate_greedy_equalsRecomputingWholeStreamEveryStep(int partitions, int block, int batch) {
    GenerateOptions o = new GenerateOptions(run(partitions, block, batch), "Q:", 9, Sampling.greedy());
    Map<String, Row> rows = byId(Megaspark.generate(docs, ToyModelFactory.BYTES, o));
    for (var e : TEXTS.entrySet()) {
      int[] want = greedyOracle(e.getValue(), "Q:", 9);
      Row r = rows.get(e.getKey());
      assertEquals(BYTES.decode(want), r.getString(r.fieldIndex("generated")), e.getKey());
      assertEquals(want.length, r.getInt(r.fieldIndex("generated_tokens")), e.getKey());
    }
  }

  @Test
  void generate_sampled_doesNotDependOnPartitionsOrBatches() {
    Sampling s = new Sampling(1.3, 20, 0.95, 5);
    GenerateOptions a = new GenerateOptions(run(1, 4, 1), "", 12, s);
    GenerateOptions b = new GenerateOptions(run(3, 8, 5), "", 12, s);
    Map<String, Row> x = byId(Megaspark.generate(docs, ToyModelFactory.BYTES, a));
    Map<String, Row> y = byId(Megaspark.generate(docs, ToyModelFactory.BYTES, b));
    for (String id : TEXTS.keySet()) {
      assertEquals(x.get(id).getString(2), y.get(id).getString(2), id);
    }
  }

  @Test
  void embed_anyBlockAndBatch_equalsMeanHiddenOfOneCall() {
    EmbedOptions o = new EmbedOptions(run(2, 4, 3), true);
    Map<String, Row> rows = byId(Megaspark.embed(docs, ToyModelFactory.BYTES, o));
    for (var e : TEXTS.entrySet()) {
      int[] s = stream(e.getValue());
      BlockResult<ToyModel.State> one = oneCall(s, new BlockRequest(false, null, false, true));
      Row r = rows.get(e.getKey());
      List<Float> got = r.getList(r.fieldIndex("embedding"));
      for (int d = 0; d < 8; d++) {
        assertEquals(one.hiddenMean()[0][d], got.get(d), 1e-5, e.getKey()); // float means of float values
      }
      float[] summary = MODEL.stateSummary(one.states().get(0));
      List<Float> state = r.getList(r.fieldIndex("state_embedding"));
      for (int d = 0; d < summary.length; d++) {
        assertEquals(summary[d], state.get(d), 1e-6, e.getKey()); // same double state, cast once
      }
      assertEquals((s.length + 3) / 4, r.getList(r.fieldIndex("block_embeddings")).size(), e.getKey());
    }
  }

  @Test
  void summarize_extractive_returnsSentencesVerbatimInDocumentOrder() {
    String text = "The first sentence is here. A second one follows it! Does a third ask? "
        + "Then a fourth sentence ends the story. And one more closes it.";
    Dataset<Row> one = spark.createDataFrame(List.of(RowFactory.create("s", text)),
        new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType));
    Row a = Megaspark.summarize(one, ToyModelFactory.BYTES, SummarizeOptions.defaults().withSentences(2)
        .withRun(run(1, 4, 1))).first();
    Row b = Megaspark.summarize(one, ToyModelFactory.BYTES, SummarizeOptions.defaults().withSentences(2)
        .withRun(run(2, 16, 8))).first();
    assertEquals(5, a.getInt(a.fieldIndex("sentence_count")));
    List<Integer> chosen = a.getList(a.fieldIndex("summary_sentences"));
    assertEquals(2, chosen.size());
    assertTrue(chosen.get(0) < chosen.get(1), chosen.toString());
    String summary = a.getString(a.fieldIndex("summary"));
    String[] parts = summary.split("(?<=[.!?]) ");
    assertEquals(2, parts.length, summary);
    assertTrue(text.indexOf(parts[0]) >= 0 && text.indexOf(parts[0]) < text.indexOf(parts[1]), summary);
    assertEquals(summary, b.getString(b.fieldIndex("summary"))); // independent of block and batch size
    Row scored = Megaspark.score(one, ToyModelFactory.BYTES, ScoreOptions.defaults()).first();
    assertEquals(scored.getDouble(scored.fieldIndex("nll")), a.getDouble(a.fieldIndex("nll")), 1e-9);
  }

  @Test
  void gpt2Tokenizer_scoreEqualsOneCall_andSummaryIsVerbatim() {
    ModelRef gpt2 = new ModelRef.Custom(ToyModelFactory.class.getName(), "4,50257,8,7,gpt2");
    var model = new ToyModelFactory().create("4,50257,8,7,gpt2");
    Tokenizer bpe = Tokenizers.byName("gpt2");
    String text = "Carried state is what long context buys. Blocks end on chunk boundaries! "
        + "Nothing of the past is read again. Ünïcödé text is tokenized too.";
    Dataset<Row> one = spark.createDataFrame(List.of(RowFactory.create("g", text)),
        new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType));
    Row scored = Megaspark.score(one, gpt2, new ScoreOptions(run(1, 8, 2))).first();
    double want = io.megaspark.jobs.testing.Oracle.nll(model, bpe, text);
    assertEquals(want, scored.getDouble(scored.fieldIndex("nll")), 1e-9 * want);
    assertEquals(bpe.encode(text).length, scored.getLong(scored.fieldIndex("tokens")));
    Row summary = Megaspark.summarize(one, gpt2, SummarizeOptions.defaults().withSentences(2).withRun(run(1, 8, 2)))
        .first();
    for (String sentence : summary.getString(summary.fieldIndex("summary")).split("(?<=[.!?]) ")) {
      assertTrue(text.contains(sentence), sentence);
    }
    assertEquals(4, summary.getInt(summary.fieldIndex("sentence_count")));
  }

  @Test
  void summarize_abstractive_generatesAfterThePrompt() {
    SummarizeOptions o = SummarizeOptions.defaults().withMode(io.megaspark.jobs.summarize.SummaryMode.ABSTRACTIVE)
        .withRun(run(2, 8, 4));
    Map<String, Row> rows = byId(Megaspark.summarize(docs, ToyModelFactory.BYTES, o));
    String id = "d5";
    int[] want = greedyOracle(TEXTS.get(id), "\n\nSummary:", 64);
    assertEquals(BYTES.decode(want).strip(), rows.get(id).getString(rows.get(id).fieldIndex("summary")));
    assertArrayEquals(new Object[] {null}, new Object[] {rows.get(id).get(rows.get(id).fieldIndex("summary_sentences"))});
  }
}
