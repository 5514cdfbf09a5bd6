package io.megaspark.jobs.longdoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** A tiny model on disk, documents of 10-100 chunks, and result comparisons for the long-doc ITs. */
final class LongDocTesting {
  /**
   * Scores, relative: single and relay carry h as float32 between blocks of 4 chunks (StreamState), the
   * scan carries it in float64, so they differ by float32 rounding; the issue allows 1e-4.
   */
  static final double NLL_REL = 1e-6;
  /** Final state: h is float32 in StreamState; the issue allows 1e-4 absolute. */
  static final double STATE_ABS = 1e-5;

  private LongDocTesting() {}

  /** conf/models/tiny.json (chunk 16) with seeded, perturbed weights, written to {@code dir}. */
  static String tinyModel(Path dir) throws IOException {
    MegalodonConfig cfg = MegalodonConfig.load(TestSpark.projectRoot().resolve("conf/models/tiny.json"));
    MegalodonWeights init = MegalodonWeights.initialize(cfg, 11);
    SplittableRandom r = new SplittableRandom(12);
    Map<String, float[]> tensors = new LinkedHashMap<>();
    for (String name : init.names()) {
      float[] v = init.get(name);
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.1 * r.nextGaussian()); // non-zero biases and plus-one weights, as in goldens
      }
      tensors.put(name, v);
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), cfg.toJson(), StandardCharsets.UTF_8);
    MegalodonWeights.of(cfg, tensors).save(dir.resolve(MegalodonWeights.FILE_NAME));
    return dir.toString();
  }

  /**
   * Documents of the given numbers of chunks (16 tokens), the odd-indexed ones ending inside a chunk.
   */
  static Dataset<Row> documents(SparkSession spark, String prefix, int... chunks) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < chunks.length; i++) {
      SplittableRandom r = new SplittableRandom(100 + i + 31L * prefix.hashCode());
      int length = chunks[i] * 16 - (i % 2 == 1 ? 5 : 0);
      rows.add(RowFactory.create(prefix + i, r.ints(length, 0, 260).boxed().toList(), null, null));
    }
    return spark.createDataFrame(rows, LongDocColumns.DOCUMENTS);
  }

  static Map<String, Row> byDoc(Dataset<Row> results) {
    Map<String, Row> m = new TreeMap<>();
    for (Row r : results.collectAsList()) {
      m.put(r.getAs(LongDocColumns.DOC_ID), r);
    }
    return m;
  }

  /** Every document's score and final state equal the baseline's within the tolerances. */
  static void assertSameResults(Map<String, Row> expected, Map<String, Row> actual, String what) {
    assertSameResults(expected, actual, what, NLL_REL, STATE_ABS);
  }

  static void assertSameResults(Map<String, Row> expected, Map<String, Row> actual, String what,
      double nllRel, double stateAbs) {
    assertEquals(expected.keySet(), actual.keySet(), what + ": documents");
    for (String id : expected.keySet()) {
      Row e = expected.get(id);
      Row a = actual.get(id);
      double nll = e.getAs(LongDocColumns.NLL);
      assertEquals(nll, a.<Double>getAs(LongDocColumns.NLL), nllRel * Math.abs(nll), what + " " + id);
      assertEquals(e.<Long>getAs(LongDocColumns.SCORED), a.<Long>getAs(LongDocColumns.SCORED), id);
      assertStatesClose(StreamState.fromBytes(e.getAs(LongDocColumns.STATE)),
          StreamState.fromBytes(a.getAs(LongDocColumns.STATE)), what + " " + id, stateAbs);
    }
  }

  static void assertStatesClose(StreamState e, StreamState a, String where, double tol) {
    assertEquals(e.position(), a.position(), where + ": position");
    assertEquals(e.outputNormCount(), a.outputNormCount(), where + ": output norm count");
    assertClose(e.outputNormMean(), a.outputNormMean(), where + ": output norm mean", tol);
    assertClose(e.outputNormVar(), a.outputNormVar(), where + ": output norm var", tol);
    for (int l = 0; l < e.numLayers(); l++) {
      assertEquals(e.normCount(l), a.normCount(l), where + ": count of layer " + l);
      assertClose(e.normMean(l), a.normMean(l), where + ": mean of layer " + l, tol);
      assertClose(e.normVar(l), a.normVar(l), where + ": var of layer " + l, tol);
      assertClose(e.emaRe(l), a.emaRe(l), where + ": h (re) of layer " + l, tol);
      assertClose(e.emaIm(l), a.emaIm(l), where + ": h (im) of layer " + l, tol);
      assertEquals(e.hasMemory(), a.hasMemory(), where + ": memory");
      if (e.hasMemory()) { // M and z are sums over the document: relative to their size
        assertRelative(e.memoryM(l), a.memoryM(l), where + ": memory M of layer " + l, tol);
        assertRelative(e.memoryZ(l), a.memoryZ(l), where + ": memory z of layer " + l, tol);
      }
    }
  }

  private static void assertClose(double[] e, double[] a, String where, double tol) {
    for (int i = 0; i < e.length; i++) {
      assertTrue(Math.abs(e[i] - a[i]) <= tol, where + "[" + i + "]: " + e[i] + " vs " + a[i]);
    }
  }

  private static void assertRelative(double[] e, double[] a, String where, double tol) {
    for (int i = 0; i < e.length; i++) {
      assertTrue(Math.abs(e[i] - a[i]) <= tol * Math.max(1, Math.abs(e[i])), where + "[" + i + "]: " + e[i]
          + " vs " + a[i]);
    }
  }

  private static void assertClose(float[] e, float[] a, String where, double tol) {
    for (int i = 0; i < e.length; i++) {
      assertTrue(Math.abs(e[i] - a[i]) <= tol, where + "[" + i + "]: " + e[i] + " vs " + a[i]);
    }
  }
}
