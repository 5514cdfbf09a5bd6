package io.megaspark.jobs.longdoc;

import static io.megaspark.jobs.longdoc.LongDocTesting.assertSameResults;
import static io.megaspark.jobs.longdoc.LongDocTesting.byDoc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.run.ModelOverrides;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.Megaspark;
import io.megaspark.jobs.ScoreOptions;
import io.megaspark.jobs.input.Corpus;
import io.megaspark.jobs.spark.SparkSessions;
import io.megaspark.megalodon.model.StreamState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relay and scan equal the single-task run (issue 10, deliverable 4) on local[2], on the float64
 * reference and on the TensorFlow model (with and without Infini memory); a task that fails once in the
 * middle of a scan changes nothing. Local mode retries only with local[N, maxFailures], so
 * this class runs on local[2,2]: two task threads, a task may fail once.
 */
class LongDocIT {
  /** 176 tokens = 11 chunks: documents of 20-99 chunks split into 2-9 ranges, 10 chunks stay whole. */
  private static final long MAX_TOKENS = 11 * 16;
  private static final int[] CHUNKS = {10, 20, 37, 64, 99};

  @TempDir
  static Path tmp;
  static SparkSession spark;
  static String model;
  static Map<String, Row> single;
  static Map<String, Row> scan;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkSessions.create("longdoc-it", "local[2,2]",
        List.of("spark.ui.enabled=false", "spark.sql.shuffle.partitions=4"));
    model = LongDocTesting.tinyModel(tmp.resolve("tiny"));
    single = byDoc(run(LongDocMode.SINGLE, null));
    scan = byDoc(run(LongDocMode.SCAN, null));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Dataset<Row> run(LongDocMode mode, FaultInjection fault) {
    return run(mode, fault, LongDocTesting.documents(spark, "doc-", CHUNKS));
  }

  static Dataset<Row> run(ModelRef ref, LongDocMode mode, FaultInjection fault) {
    return run(ref, mode, fault, LongDocTesting.documents(spark, "doc-", CHUNKS));
  }

  static Dataset<Row> run(LongDocMode mode, FaultInjection fault, Dataset<Row> docs) {
    return run(new ModelRef.Reference(model), mode, fault, docs);
  }

  static Dataset<Row> run(ModelRef ref, LongDocMode mode, FaultInjection fault, Dataset<Row> docs) {
    return LongDocScorer.score(spark, docs, LongDocScorer.Settings.of(ref,
        new LongDocOptions(mode, MAX_TOKENS)).withPieceChunks(4).withFault(fault));
  }

  @Test
  void relay_equalsSingleTask() {
    Map<String, Row> relay = byDoc(run(LongDocMode.RELAY, null));
    assertSameResults(single, relay, "relay");
    assertEquals(List.of(1, 2, 4, 6, 9), relay.values().stream()
        .map(r -> r.<Integer>getAs(LongDocColumns.RANGES)).toList());
    assertEquals("relay", relay.get("doc-4").getAs(LongDocColumns.MODE));
    assertEquals("single", relay.get("doc-0").getAs(LongDocColumns.MODE));
  }

  @Test
  void scan_equalsSingleTask() {
    assertSameResults(single, scan, "scan");
    assertEquals(List.of(1, 2, 4, 6, 9), scan.values().stream()
        .map(r -> r.<Integer>getAs(LongDocColumns.RANGES)).toList());
    assertEquals("scan", scan.get("doc-1").getAs(LongDocColumns.MODE));
  }

  @Test
  void scanWithATaskFailingOnceInLayerOne_equalsScanWithout() throws Exception {
    InjectedFailures failures = InjectedFailures.register(spark);
    Map<String, Row> retried = byDoc(run(LongDocMode.SCAN, new FaultInjection("finish", 1, 3)));
    assertEquals(1, failures.await(1), "the injected failure happened once");
    for (String id : scan.keySet()) { // bit for bit: the retried task recomputes the same bytes
      assertEquals(scan.get(id).<Double>getAs(LongDocColumns.NLL),
          retried.get(id).<Double>getAs(LongDocColumns.NLL), 0.0, id);
    }
    assertSameResults(single, retried, "scan with a retried task");
  }

  @Test
  void tensorFlowRelayAndScan_equalTensorFlowSingleTaskAndTheReference() {
    // the fast model in float32: the tolerances, 1e-4 relative on scores, 1e-4 on states
    ModelRef tf = new ModelRef.TensorFlow(model);
    Map<String, Row> tfSingle = byDoc(run(tf, LongDocMode.SINGLE, null));
    Map<String, Row> tfRelay = byDoc(run(tf, LongDocMode.RELAY, null));
    Map<String, Row> tfScan = byDoc(run(tf, LongDocMode.SCAN, null));
    assertSameResults(tfSingle, tfRelay, "TensorFlow relay", 1e-4, 1e-4);
    assertSameResults(tfSingle, tfScan, "TensorFlow scan", 1e-4, 1e-4);
    assertSameResults(single, tfScan, "TensorFlow scan against the reference", 1e-4, 1e-4);
    assertEquals(List.of(1, 2, 4, 6, 9), tfScan.values().stream()
        .map(r -> r.<Integer>getAs(LongDocColumns.RANGES)).toList());
    assertEquals("scan", tfScan.get("doc-4").getAs(LongDocColumns.MODE));
  }

  @Test
  void tensorFlowScanWithATaskFailingOnceInLayerZero_equalsScanWithout() throws Exception {
    ModelRef tf = new ModelRef.TensorFlow(model);
    Dataset<Row> docs = LongDocTesting.documents(spark, "retry-", 37, 64);
    Map<String, Row> once = byDoc(run(tf, LongDocMode.SCAN, null, docs));
    InjectedFailures failures = InjectedFailures.register(spark);
    Map<String, Row> retried = byDoc(run(tf, LongDocMode.SCAN, new FaultInjection("ema", 0, 2), docs));
    assertEquals(1, failures.await(1), "the injected failure happened once");
    for (String id : once.keySet()) { // bit for bit: the retried task recomputes the same bytes
      assertEquals(once.get(id).<Double>getAs(LongDocColumns.NLL),
          retried.get(id).<Double>getAs(LongDocColumns.NLL), 0.0, id);
      assertEquals(StreamState.fromBytes(once.get(id).getAs(LongDocColumns.STATE)),
          StreamState.fromBytes(retried.get(id).getAs(LongDocColumns.STATE)), id);
    }
  }

  @Test
  void tensorFlowScanWithLinearInfiniMemory_equalsSingleTask() {
    ModelRef tf = new ModelRef.TensorFlow(model, new ModelOverrides(0, "",
        "{\"enabled\":true,\"update\":\"linear\"}"));
    Dataset<Row> docs = LongDocTesting.documents(spark, "linear-", 20, 64, 99);
    Map<String, Row> tfSingle = byDoc(run(tf, LongDocMode.SINGLE, null, docs));
    Map<String, Row> tfScan = byDoc(run(tf, LongDocMode.SCAN, null, docs));
    assertSameResults(tfSingle, tfScan, "TensorFlow scan with linear memory", 1e-4, 1e-4);
    assertEquals("scan", tfScan.get("linear-2").getAs(LongDocColumns.MODE));
    assertTrue(StreamState.fromBytes(tfScan.get("linear-2").getAs(LongDocColumns.STATE)).hasMemory());
  }

  @Test
  void deltaInfiniMemory_relaysInsteadOfScanningAndSaysWhy() {
    ModelRef tf = new ModelRef.TensorFlow(model, new ModelOverrides(0, "",
        "{\"enabled\":true,\"update\":\"delta\"}"));
    Dataset<Row> docs = LongDocTesting.documents(spark, "delta-", 37);
    Map<String, Row> tfSingle = byDoc(run(tf, LongDocMode.SINGLE, null, docs));
    Map<String, Row> asked = byDoc(run(tf, LongDocMode.SCAN, null, docs));
    Row r = asked.get("delta-0");
    assertEquals("relay", r.getAs(LongDocColumns.MODE));
    String plan = r.getAs(LongDocColumns.PLAN);
    assertTrue(plan.contains("--long-doc-mode=scan but Infini memory with the delta update is not"
        + " associative"), plan);
    assertSameResults(tfSingle, asked, "delta memory relayed", 1e-4, 1e-4);
  }

  @Test
  void relayAndScanOfTextDocuments_equalTheScoreJob() {
    // the score job feeds BOS + text and predicts every token after BOS, EOS included
    List<Row> texts = List.of(
        RowFactory.create("a", "It was the best of times, it was the worst of times. ".repeat(12)),
        RowFactory.create("b", "Call me Ishmael. Some years ago, never mind how long precisely. ".repeat(20)));
    Dataset<Row> docs = spark.createDataFrame(texts, new StructType().add("id", DataTypes.StringType)
        .add("text", DataTypes.StringType));
    ModelRef ref = new ModelRef.Reference(model);
    Map<String, Row> job = new java.util.TreeMap<>();
    for (Row r : Megaspark.score(docs, ref, ScoreOptions.defaults()).collectAsList()) {
      job.put(r.getAs("doc_id"), r);
    }
    Dataset<Row> tokens = LongDocInput.documents(spark, Corpus.fromDataset(docs, "id", "text"), "bytes");
    for (LongDocMode mode : new LongDocMode[] {LongDocMode.RELAY, LongDocMode.SCAN}) {
      Map<String, Row> longDoc = byDoc(run(ref, mode, null, tokens));
      for (String id : job.keySet()) {
        Row j = job.get(id);
        Row l = longDoc.get(id);
        assertEquals(j.<Long>getAs("tokens") + 1, l.<Long>getAs(LongDocColumns.SCORED), mode + " " + id);
        double nll = j.getAs("nll");
        assertEquals(nll, l.<Double>getAs(LongDocColumns.NLL), 1e-5 * nll, mode + " " + id); // float32 log-probs
        assertEquals(mode.optionValue(), l.getAs(LongDocColumns.MODE));
      }
    }
  }

  @Test
  void auto_scansTheCriticalPathDocumentAndSaysWhy() {
    // 99 of 129 chunks: more than a fair half of the work on 2 cores, so relaying it would idle a core
    Dataset<Row> docs = LongDocTesting.documents(spark, "auto-", 99, 10, 20);
    Map<String, Row> auto = byDoc(run(LongDocMode.AUTO, null, docs));
    assertSameResults(byDoc(run(LongDocMode.SINGLE, null, docs)), auto, "auto");
    Row longest = auto.get("auto-0");
    assertEquals("scan", longest.getAs(LongDocColumns.MODE));
    String plan = longest.getAs(LongDocColumns.PLAN);
    assertTrue(plan.contains("critical path"), plan);
    assertEquals("single", auto.get("auto-1").getAs(LongDocColumns.MODE));
    assertEquals("relay", auto.get("auto-2").getAs(LongDocColumns.MODE));
  }
}
