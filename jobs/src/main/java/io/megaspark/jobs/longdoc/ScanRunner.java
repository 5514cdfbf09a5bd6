package io.megaspark.jobs.longdoc;

import static io.megaspark.jobs.longdoc.LongDocColumns.DOC_ID;
import static io.megaspark.jobs.longdoc.LongDocColumns.EMA_IN;
import static io.megaspark.jobs.longdoc.LongDocColumns.EMA_SUMMARY;
import static io.megaspark.jobs.longdoc.LongDocColumns.NLL;
import static io.megaspark.jobs.longdoc.LongDocColumns.NORM_IN;
import static io.megaspark.jobs.longdoc.LongDocColumns.NORM_SUMMARY;
import static io.megaspark.jobs.longdoc.LongDocColumns.RANGE;
import static io.megaspark.jobs.longdoc.LongDocColumns.SCORED;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.scan.EmaSummary;
import io.megaspark.megalodon.scan.Scan;
import io.megaspark.megalodon.scan.ScanStates;
import io.megaspark.megalodon.scan.TimestepNormSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The driver side of the layer-wise parallel scan (issue 10, deliverable 2; MODEL.md 1.10): every range
 * of every scanned document is one row; per layer, a Spark job computes the ranges' CEMA summaries from
 * the exact incoming TimestepNorm statistics, the driver scans them, and a second job finishes the layer
 * and returns the next layer's TimestepNorm summaries, which the driver scans in turn. The activations
 * between layers are persisted ({@code level}, MEMORY_AND_DISK by default); the driver only ever holds
 * summaries: 8 + 16 G bytes (TimestepNorm) and 32 D N bytes (CEMA) per range and layer.
 */
final class ScanRunner {
  private static final StructType NORM_INCOMING = new StructType()
      .add(DOC_ID, DataTypes.StringType, false)
      .add(RANGE, DataTypes.IntegerType, false)
      .add(NORM_IN, DataTypes.BinaryType, false);
  private static final StructType INCOMING = NORM_INCOMING.add(EMA_IN, DataTypes.BinaryType, false);

  /**
   * @param modelDir the model directory (config.json, model.safetensors)
   * @param blockChunks chunks per sub-block inside a range (bounds a task's working memory)
   * @param level how the activations between layers are persisted
   * @param fault a failure to inject, or null
   */
  record Settings(String modelDir, int layers, int blockChunks, StorageLevel level,
      FaultInjection fault) {}

  /** A scanned document's result. */
  record DocResult(String docId, int ranges, double nll, long scored, StreamState state) {}

  private final SparkSession spark;
  private final Settings settings;
  /** Per document, its state before the first range. */
  private final Map<String, StreamState> starts;

  private ScanRunner(SparkSession spark, Settings settings, Map<String, StreamState> starts) {
    this.spark = spark;
    this.settings = settings;
    this.starts = starts;
  }

  /**
   * @param ranges {@link LongDocColumns#RANGE_ROWS} of the documents to scan
   * @param starts each document's incoming state
   */
  static List<DocResult> run(SparkSession spark, Dataset<Row> ranges, Map<String, StreamState> starts,
      Settings settings) {
    return new ScanRunner(spark, settings, new TreeMap<>(starts)).run(ranges);
  }

  private List<DocResult> run(Dataset<Row> ranges) {
    String dir = settings.modelDir();
    FaultInjection fault = settings.fault();
    int blocks = settings.blockChunks();
    int count = (int) ranges.count();
    // one range per task: ranges of one document run side by side
    Dataset<Row> spread = ranges.repartitionByRange(Math.max(1, count), col(DOC_ID), col(RANGE));
    Dataset<Row> acts = spread.mapPartitions(
        (MapPartitionsFunction<Row, Row>) rows -> ScanStages.embed(rows, dir, fault),
        Encoders.row(ScanStages.ACTS)).persist(settings.level());
    Map<String, List<TimestepNormSummary>> local = collect(acts, NORM_SUMMARY,
        TimestepNormSummary::fromBytes);
    Map<String, long[]> tokens = new TreeMap<>();
    local.forEach((id, l) -> tokens.put(id, new long[] {l.stream().mapToLong(
        TimestepNormSummary::count).sum()}));
    int layers = settings.layers();
    Map<String, TimestepNormSummary[]> normTotals = new TreeMap<>();
    Map<String, EmaSummary[]> emaTotals = new TreeMap<>();
    for (String id : starts.keySet()) {
      normTotals.put(id, new TimestepNormSummary[layers]);
      emaTotals.put(id, new EmaSummary[layers]);
    }
    for (int layer = 0; layer < layers; layer++) {
      int l = layer;
      // driver: exclusive scan of the TimestepNorm summaries
      Map<String, List<TimestepNormSummary>> normIn = scanAll(local,
          id -> ScanStates.norm(starts.get(id), l), TimestepNormSummary::combine);
      normIn.forEach((id, s) -> normTotals.get(id)[l] = s.get(s.size() - 1));
      // ranges: normalised input, CEMA from zero, its summary
      Dataset<Row> emaStage = acts.join(broadcast(incoming(normIn, null)), LongDocColumns.using(DOC_ID,
          RANGE)).mapPartitions((MapPartitionsFunction<Row, Row>) rows -> ScanStages.ema(rows, dir, l,
              blocks, fault), Encoders.row(ScanStages.EMA));
      Map<String, List<EmaSummary>> emaLocal = collect(emaStage, EMA_SUMMARY, EmaSummary::fromBytes);
      // driver: exclusive scan of the CEMA summaries from each document's carried h
      Map<String, List<EmaSummary>> emaIn = scanAll(emaLocal, id -> ScanStates.ema(starts.get(id), l),
          EmaSummary::andThen);
      emaIn.forEach((id, s) -> emaTotals.get(id)[l] = s.get(s.size() - 1));
      // ranges: corrected CEMA, rest of the block, next layer's summaries; persisted for the next layer
      Dataset<Row> next = acts.join(broadcast(incoming(normIn, emaIn)), LongDocColumns.using(DOC_ID,
          RANGE)).mapPartitions((MapPartitionsFunction<Row, Row>) rows -> ScanStages.finish(rows, dir, l,
              blocks, fault), Encoders.row(ScanStages.ACTS)).persist(settings.level());
      local = collect(next, NORM_SUMMARY, TimestepNormSummary::fromBytes); // materialises next
      acts.unpersist(false);
      acts = next;
    }
    // output TimestepNorm scan, then LM head and scores per range
    Map<String, List<TimestepNormSummary>> outIn = scanAll(local, id -> ScanStates.outputNorm(
        starts.get(id)), TimestepNormSummary::combine);
    List<Row> scores = acts.join(broadcast(incoming(outIn, null)), LongDocColumns.using(DOC_ID, RANGE))
        .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> ScanStages.logits(rows, dir, blocks, fault),
            Encoders.row(ScanStages.SCORES))
        .orderBy(col(DOC_ID), col(RANGE)).collectAsList();
    acts.unpersist(false);
    return results(scores, tokens, normTotals, emaTotals, outIn);
  }

  private List<DocResult> results(List<Row> scores, Map<String, long[]> tokens,
      Map<String, TimestepNormSummary[]> norms, Map<String, EmaSummary[]> emas,
      Map<String, List<TimestepNormSummary>> outIn) {
    Map<String, double[]> nll = new TreeMap<>();
    Map<String, long[]> scored = new TreeMap<>();
    Map<String, int[]> ranges = new TreeMap<>();
    for (Row r : scores) { // in document and range order, so the sums are deterministic
      String id = r.getAs(DOC_ID);
      nll.computeIfAbsent(id, k -> new double[1])[0] += r.<Double>getAs(NLL);
      scored.computeIfAbsent(id, k -> new long[1])[0] += r.<Long>getAs(SCORED);
      ranges.computeIfAbsent(id, k -> new int[1])[0]++;
    }
    List<DocResult> out = new ArrayList<>();
    for (String id : starts.keySet()) {
      List<TimestepNormSummary> o = outIn.get(id);
      StreamState after = ScanStates.after(starts.get(id), tokens.get(id)[0], norms.get(id),
          emas.get(id), o.get(o.size() - 1));
      out.add(new DocResult(id, ranges.get(id)[0], nll.get(id)[0], scored.get(id)[0], after));
    }
    return out;
  }

  /** Collects (doc_id, range, bytes) into per-document lists in range order. */
  private static <S> Map<String, List<S>> collect(Dataset<Row> rows, String column,
      Function<byte[], S> read) {
    Map<String, TreeMap<Integer, S>> byDoc = new TreeMap<>();
    for (Row r : rows.select(col(DOC_ID), col(RANGE), col(column)).collectAsList()) {
      byDoc.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getInt(1), read.apply(
          (byte[]) r.get(2)));
    }
    Map<String, List<S>> out = new TreeMap<>();
    byDoc.forEach((id, m) -> out.put(id, new ArrayList<>(m.values())));
    return out;
  }

  /** Per document: P+1 prefix values (incoming of each range, then the total). */
  private static <S> Map<String, List<S>> scanAll(Map<String, List<S>> parts, Function<String, S> start,
      BiFunction<S, S, S> combine) {
    Map<String, List<S>> out = new TreeMap<>();
    parts.forEach((id, list) -> out.put(id, Scan.exclusive(start.apply(id), list, combine::apply)));
    return out;
  }

  /** The small table the driver broadcasts: per (document, range) the incoming summaries. */
  private Dataset<Row> incoming(Map<String, List<TimestepNormSummary>> norms,
      Map<String, List<EmaSummary>> emas) {
    List<Row> rows = new ArrayList<>();
    norms.forEach((id, list) -> {
      for (int r = 0; r + 1 < list.size(); r++) {
        byte[] n = list.get(r).toBytes();
        rows.add(emas == null ? RowFactory.create(id, r, n)
            : RowFactory.create(id, r, n, emas.get(id).get(r).toBytes()));
      }
    });
    return spark.createDataFrame(rows, emas == null ? NORM_INCOMING : INCOMING);
  }
}
