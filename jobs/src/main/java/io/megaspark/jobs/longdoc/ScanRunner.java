package io.megaspark.jobs.longdoc;

import static io.megaspark.jobs.longdoc.LongDocColumns.DOC_ID;
import static io.megaspark.jobs.longdoc.LongDocColumns.EMA_IN;
import static io.megaspark.jobs.longdoc.LongDocColumns.EMA_SUMMARY;
import static io.megaspark.jobs.longdoc.LongDocColumns.MEMORY_IN;
import static io.megaspark.jobs.longdoc.LongDocColumns.MEMORY_SUMMARY;
import static io.megaspark.jobs.longdoc.LongDocColumns.NORM_IN;
import static io.megaspark.jobs.longdoc.LongDocColumns.NORM_SUMMARY;
import static io.megaspark.jobs.longdoc.LongDocColumns.PIECE;
import static io.megaspark.jobs.longdoc.LongDocColumns.PIECES;
import static io.megaspark.jobs.longdoc.LongDocColumns.RANGE;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.megaspark.jobs.run.ModelRef;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.scan.EmaSummary;
import io.megaspark.megalodon.scan.LayerMemorySummary;
import io.megaspark.megalodon.scan.Scan;
import io.megaspark.megalodon.scan.ScanStates;
import io.megaspark.megalodon.scan.TimestepNormSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * The driver side of the layer-wise parallel scan (issue 10, deliverable 2; MODEL.md 1.10). Every range
 * of every scanned document is one partition of piece rows. Per layer: a Spark job computes each range's
 * CEMA summary from the exact incoming TimestepNorm statistics and the driver scans them; with Infini
 * memory (linear rule) a second job computes each range's memory write and the driver scans those; a
 * last job finishes the layer from the exact incoming state and returns the next layer's TimestepNorm
 * summaries, which the driver scans in turn. Activations between layers are persisted by Spark ({@link
 * Checkpoints}); the driver only holds summaries per range and layer: 8 + 16 G bytes (TimestepNorm),
 * 32 D N bytes (CEMA) and 8 H Dz (Dv + 1) bytes (memory).
 */
final class ScanRunner {
  private static final StructType INCOMING = new StructType()
      .add(DOC_ID, DataTypes.StringType, false)
      .add(RANGE, DataTypes.IntegerType, false)
      .add(NORM_IN, DataTypes.BinaryType, false)
      .add(EMA_IN, DataTypes.BinaryType, true)
      .add(MEMORY_IN, DataTypes.BinaryType, true);

  /**
   * @param model the job's model (TensorFlow or reference directory)
   * @param layers L
   * @param memory whether the model has Infini memory with the linear rule (one more round per layer)
   * @param pieceTokens tokens per piece inside a range (bounds a task's working memory)
   * @param level how the activations between layers are persisted
   * @param fault a failure to inject, or null
   */
  record Settings(ModelRef model, int layers, boolean memory, int pieceTokens, StorageLevel level,
      FaultInjection fault) {}

  /** A scanned document's result. */
  record DocResult(String docId, int ranges, double nll, long scored, StreamState state) {}

  /** The documents' results and where the time went. */
  record Outcome(List<DocResult> documents, ScanStats stats) {}

  private final SparkSession spark;
  private final Settings settings;
  private final ScanStages.Job job;
  /** Per document, its state before the first range. */
  private final Map<String, StreamState> starts;
  private final List<ScanStats.Stage> stages = new ArrayList<>();
  private final double[] driverSeconds;
  private long activationBytes;

  private ScanRunner(SparkSession spark, Settings settings, Map<String, StreamState> starts) {
    this.spark = spark;
    this.settings = settings;
    this.job = new ScanStages.Job(settings.model(), settings.pieceTokens(), settings.fault());
    this.starts = starts;
    this.driverSeconds = new double[settings.layers()];
  }

  /**
   * @param ranges {@link LongDocColumns#RANGE_ROWS} of the documents to scan
   * @param starts each document's incoming state
   */
  static Outcome run(SparkSession spark, Dataset<Row> ranges, Map<String, StreamState> starts,
      Settings settings) {
    return new ScanRunner(spark, settings, new TreeMap<>(starts)).run(ranges);
  }

  private Outcome run(Dataset<Row> ranges) {
    ScanStages.Job job = this.job; // closures capture the job, never this runner
    spark.sparkContext().setJobDescription("long documents: scan: count ranges");
    int count = (int) ranges.count();
    // one range per partition: the ranges of a document run side by side, and each range's pieces stay
    // together and in order in its partition through every later (narrow) stage
    Dataset<Row> spread = ranges.repartitionByRange(Math.max(1, count), col(DOC_ID), col(RANGE));
    StageMeter embed = StageMeter.register(spark.sparkContext(), "scan embed");
    Dataset<Row> acts = Checkpoints.persist(spread.mapPartitions(
        (MapPartitionsFunction<Row, Row>) rows -> ScanStages.embed(rows, job, embed),
        Encoders.row(ScanStages.ACTS)), settings.level());
    Map<String, List<TimestepNormSummary>> local = lastSummaries(acts, embed, "embed", -1);
    Map<String, Long> tokens = new TreeMap<>();
    local.forEach((id, l) -> tokens.put(id, l.stream().mapToLong(TimestepNormSummary::count).sum()));
    Totals totals = new Totals(settings.layers());
    for (int layer = 0; layer < settings.layers(); layer++) {
      int l = layer;
      Dataset<Row> in = acts;
      Map<String, List<TimestepNormSummary>> layerIn = local;
      Map<String, List<TimestepNormSummary>> normIn = driver(l, () -> scanAll(layerIn,
          id -> ScanStates.norm(starts.get(id), l), TimestepNormSummary::combine));
      Map<String, List<EmaSummary>> emaIn = driver(l, () -> scanAll(
          rangeStage(in, incoming(normIn, null, null), "ema", l, EMA_SUMMARY, EmaSummary::fromBytes),
          id -> ScanStates.ema(starts.get(id), l), EmaSummary::andThen));
      Map<String, List<LayerMemorySummary>> memIn = !settings.memory() ? null : driver(l, () -> scanAll(
          rangeStage(in, incoming(normIn, emaIn, null), "memory", l, MEMORY_SUMMARY,
              LayerMemorySummary::fromBytes),
          id -> new LayerMemorySummary(starts.get(id).memoryM(l), starts.get(id).memoryZ(l)),
          LayerMemorySummary::combine));
      Dataset<Row> inc = driver(l, () -> incoming(normIn, emaIn, memIn));
      StageMeter finish = StageMeter.register(spark.sparkContext(), "scan finish " + l);
      Dataset<Row> next = Checkpoints.persist(acts.join(broadcast(inc), LongDocColumns.using(DOC_ID, RANGE))
          .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> ScanStages.finish(rows, job, l, finish),
              Encoders.row(ScanStages.ACTS)), settings.level());
      local = lastSummaries(next, finish, "finish", l); // computes and persists next
      Checkpoints.free(acts);
      acts = next;
      totals.record(l, normIn, emaIn, memIn);
    }
    Map<String, List<TimestepNormSummary>> outIn = scanAll(local, id -> ScanStates.outputNorm(
        starts.get(id)), TimestepNormSummary::combine);
    List<Row> scores = rows(acts, incoming(outIn, null, null), "scores", -1, ScanStages.SCORES);
    Checkpoints.free(acts);
    return new Outcome(results(scores, tokens, totals, outIn),
        new ScanStats(stages, driverSeconds, activationBytes));
  }

  /** Runs a per-range stage (ema, memory) and collects its summaries per document in range order. */
  private <S> Map<String, List<S>> rangeStage(Dataset<Row> acts, Dataset<Row> incoming, String name,
      int layer, String column, Function<byte[], S> read) {
    StructType schema = name.equals("ema") ? ScanStages.EMA : ScanStages.MEMORY;
    List<Row> rows = rows(acts, incoming, name, layer, schema);
    Map<String, TreeMap<Integer, S>> byDoc = new TreeMap<>();
    for (Row r : rows) {
      byDoc.computeIfAbsent(r.getAs(DOC_ID), k -> new TreeMap<>()).put(r.getAs(RANGE),
          read.apply(r.getAs(column)));
    }
    return lists(byDoc);
  }

  /** Runs a per-range stage over the activations joined with the driver's incoming summaries. */
  private List<Row> rows(Dataset<Row> acts, Dataset<Row> incoming, String name, int layer,
      StructType schema) {
    StageMeter m = StageMeter.register(spark.sparkContext(), "scan " + name + (layer < 0 ? "" : " " + layer));
    ScanStages.Job job = this.job;
    Dataset<Row> joined = acts.join(broadcast(incoming), LongDocColumns.using(DOC_ID, RANGE));
    MapPartitionsFunction<Row, Row> f = switch (name) {
      case "ema" -> rows -> ScanStages.ema(rows, job, layer, m);
      case "memory" -> rows -> ScanStages.memory(rows, job, layer, m);
      default -> rows -> ScanStages.scores(rows, job, m);
    };
    // sorted on the driver: an orderBy would run the stage twice (once to sample the sort keys)
    List<Row> rows = new ArrayList<>(timed(name, layer, m,
        () -> joined.mapPartitions(f, Encoders.row(schema)).collectAsList()));
    rows.sort(Comparator.comparing((Row r) -> r.<String>getAs(DOC_ID))
        .thenComparing(r -> r.<Integer>getAs(RANGE)));
    return rows;
  }

  /** The cumulative local summaries of each range's last piece; computes and persists {@code acts}. */
  private Map<String, List<TimestepNormSummary>> lastSummaries(Dataset<Row> acts, StageMeter meter,
      String name, int layer) {
    List<Row> rows = timed(name, layer, meter, () -> acts.filter(col(PIECE).equalTo(col(PIECES).minus(1)))
        .select(col(DOC_ID), col(RANGE), col(NORM_SUMMARY)).collectAsList());
    activationBytes = Math.max(activationBytes, meter.bytes().value());
    Map<String, TreeMap<Integer, TimestepNormSummary>> byDoc = new TreeMap<>();
    for (Row r : rows) {
      byDoc.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getInt(1),
          TimestepNormSummary.fromBytes((byte[]) r.get(2)));
    }
    return lists(byDoc);
  }

  /** Runs one Spark job of a stage and records its wall time and its tasks' meters. */
  private <T> T timed(String name, int layer, StageMeter m, Supplier<T> work) {
    spark.sparkContext().setJobDescription("long documents: scan: " + name
        + (layer < 0 ? "" : " layer " + layer));
    long t0 = System.nanoTime();
    T out = work.get();
    stages.add(new ScanStats.Stage(name, layer, (System.nanoTime() - t0) / 1e9, m.taskNanos().value() / 1e9,
        m.kernelNanos().value() / 1e9, m.tokens().value()));
    return out;
  }

  /** Runs driver-side work of layer {@code l}, adding its time (less any Spark jobs inside) to the layer. */
  private <T> T driver(int l, Supplier<T> work) {
    int before = stages.size();
    long t0 = System.nanoTime();
    T out = work.get();
    double jobs = stages.subList(before, stages.size()).stream().mapToDouble(ScanStats.Stage::wallSeconds)
        .sum();
    driverSeconds[l] += Math.max(0, (System.nanoTime() - t0) / 1e9 - jobs);
    return out;
  }

  private static <S> Map<String, List<S>> lists(Map<String, TreeMap<Integer, S>> byDoc) {
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

  /** The small table the driver broadcasts: per (document, range) the incoming summaries known so far. */
  private Dataset<Row> incoming(Map<String, List<TimestepNormSummary>> norms,
      Map<String, List<EmaSummary>> emas, Map<String, List<LayerMemorySummary>> memories) {
    List<Row> rows = new ArrayList<>();
    norms.forEach((id, list) -> {
      for (int r = 0; r + 1 < list.size(); r++) {
        rows.add(RowFactory.create(id, r, list.get(r).toBytes(),
            emas == null ? null : emas.get(id).get(r).toBytes(),
            memories == null ? null : memories.get(id).get(r).toBytes()));
      }
    });
    return spark.createDataFrame(rows, INCOMING);
  }

  private List<DocResult> results(List<Row> scores, Map<String, Long> tokens, Totals totals,
      Map<String, List<TimestepNormSummary>> outIn) {
    Map<String, double[]> sums = new TreeMap<>(); // nll, scored, ranges
    for (Row r : scores) { // in document and range order, so the sums are deterministic
      double[] s = sums.computeIfAbsent(r.getAs(DOC_ID), k -> new double[3]);
      s[0] += r.<Double>getAs(LongDocColumns.NLL);
      s[1] += r.<Long>getAs(LongDocColumns.SCORED);
      s[2]++;
    }
    List<DocResult> out = new ArrayList<>();
    for (String id : starts.keySet()) {
      List<TimestepNormSummary> o = outIn.get(id);
      double[] s = sums.get(id);
      out.add(new DocResult(id, (int) s[2], s[0], (long) s[1],
          totals.after(id, starts.get(id), tokens.get(id), o.get(o.size() - 1))));
    }
    return out;
  }

  /** Each document's per-layer totals (the scans' last elements): its state after the document. */
  private static final class Totals {
    private final int layers;
    private final Map<String, TimestepNormSummary[]> norms = new TreeMap<>();
    private final Map<String, EmaSummary[]> emas = new TreeMap<>();
    private final Map<String, LayerMemorySummary[]> memories = new TreeMap<>();

    Totals(int layers) {
      this.layers = layers;
    }

    void record(int l, Map<String, List<TimestepNormSummary>> normIn, Map<String, List<EmaSummary>> emaIn,
        Map<String, List<LayerMemorySummary>> memIn) {
      normIn.forEach((id, s) -> norms.computeIfAbsent(id, k -> new TimestepNormSummary[layers])[l] = last(s));
      emaIn.forEach((id, s) -> emas.computeIfAbsent(id, k -> new EmaSummary[layers])[l] = last(s));
      if (memIn != null) {
        memIn.forEach((id, s) -> memories.computeIfAbsent(id, k -> new LayerMemorySummary[layers])[l] = last(s));
      }
    }

    StreamState after(String id, StreamState start, long tokens, TimestepNormSummary outputNorm) {
      StreamState s = ScanStates.after(start, tokens, norms.get(id), emas.get(id), outputNorm);
      LayerMemorySummary[] mem = memories.get(id);
      if (mem == null) {
        return s;
      }
      StreamState.Builder b = s.toBuilder();
      for (int l = 0; l < layers; l++) {
        b.memory(l, mem[l].m(), mem[l].z());
      }
      return b.build();
    }

    private static <S> S last(List<S> list) {
      return list.get(list.size() - 1);
    }
  }
}
