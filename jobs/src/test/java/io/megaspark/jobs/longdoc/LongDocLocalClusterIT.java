package io.megaspark.jobs.longdoc;

import static io.megaspark.jobs.longdoc.LongDocTesting.assertSameResults;
import static io.megaspark.jobs.longdoc.LongDocTesting.byDoc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.testing.TestSpark;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relay and scan equal the single-task run on a real multi-process cluster (two executor JVMs), on the
 * float64 reference and on the TensorFlow model: states, summaries and activations cross the wire in
 * rows, the model loads once per executor, and a failed task in the middle of a scan is retried on
 * whichever executor is free.
 */
class LongDocLocalClusterIT {
  private static final long MAX_TOKENS = 11 * 16;
  private static final int[] CHUNKS = {12, 30, 45};

  @TempDir
  static Path tmp;
  static SparkSession spark;
  static String model;
  static Map<String, Row> single;

  @BeforeAll
  static void start() throws Exception {
    spark = TestSpark.localCluster();
    model = LongDocTesting.tinyModel(tmp.resolve("tiny"));
    single = byDoc(run(LongDocMode.SINGLE, null));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Dataset<Row> run(LongDocMode mode, FaultInjection fault) {
    return run(new ModelRef.Reference(model), mode, fault);
  }

  static Dataset<Row> run(ModelRef ref, LongDocMode mode, FaultInjection fault) {
    LongDocScorer.Settings s = LongDocScorer.Settings.of(ref, new LongDocOptions(mode, MAX_TOKENS))
        .withPieceChunks(4).withFault(fault);
    return LongDocScorer.score(spark, LongDocTesting.documents(spark, "cluster-", CHUNKS), s);
  }

  @Test
  void relayAcrossExecutors_equalsSingleTask() {
    Map<String, Row> relay = byDoc(run(LongDocMode.RELAY, null));
    assertSameResults(single, relay, "relay");
    assertEquals(5, relay.get("cluster-2").<Integer>getAs(LongDocColumns.RANGES));
  }

  @Test
  void scanAcrossExecutorsWithARetriedTask_equalsSingleTask() throws Exception {
    InjectedFailures failures = InjectedFailures.register(spark);
    Map<String, Row> scan = byDoc(run(LongDocMode.SCAN, new FaultInjection("ema", 1, 2)));
    assertEquals(1, failures.await(1), "the injected failure happened once");
    assertSameResults(single, scan, "scan");
    assertEquals(3, scan.get("cluster-1").<Integer>getAs(LongDocColumns.RANGES));
  }

  @Test
  void tensorFlowRelayAndScanAcrossExecutorsWithARetriedTask_equalTheSingleTask() throws Exception {
    ModelRef tf = new ModelRef.TensorFlow(model);
    Map<String, Row> tfSingle = byDoc(run(tf, LongDocMode.SINGLE, null));
    assertSameResults(tfSingle, byDoc(run(tf, LongDocMode.RELAY, null)), "TensorFlow relay", 1e-4, 1e-4);
    InjectedFailures failures = InjectedFailures.register(spark);
    Map<String, Row> scan = byDoc(run(tf, LongDocMode.SCAN, new FaultInjection("finish", 1, 1)));
    assertEquals(1, failures.await(1), "the injected failure happened once");
    assertSameResults(tfSingle, scan, "TensorFlow scan", 1e-4, 1e-4);
    assertSameResults(single, scan, "TensorFlow scan against the reference", 1e-4, 1e-4);
  }
}
