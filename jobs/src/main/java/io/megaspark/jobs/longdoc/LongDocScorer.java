package io.megaspark.jobs.longdoc;

import static io.megaspark.jobs.longdoc.LongDocColumns.DOC_ID;
import static io.megaspark.jobs.longdoc.LongDocColumns.MODE;
import static io.megaspark.jobs.longdoc.LongDocColumns.NLL;
import static io.megaspark.jobs.longdoc.LongDocColumns.PLAN;
import static io.megaspark.jobs.longdoc.LongDocColumns.RANGE;
import static io.megaspark.jobs.longdoc.LongDocColumns.RANGES;
import static io.megaspark.jobs.longdoc.LongDocColumns.SCORED;
import static io.megaspark.jobs.longdoc.LongDocColumns.STATE;
import static io.megaspark.jobs.longdoc.LongDocColumns.TOKENS;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.StreamingJob;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores documents of any length with the long-document modes (issue 10): plans every document
 * ({@link LongDocPlanner}), splits each into its ranges, relays the single and relay documents
 * ({@link RelayRunner}) and scans the scan documents ({@link ScanRunner}). Each document's result is its
 * summed negative log-likelihood of every next token, the number of scored positions and its final state;
 * the mode and the planner's reason are in the result and in the log.
 *
 * <p>Single and relay run the job's model (the fast TensorFlow one, or the reference). The scan runs the
 * float64 reference ({@link ReferenceModels}) of the model's directory: the TensorFlow model has no
 * per-layer entry points yet, which the scan needs (see docs/benchmarks.md).
 */
public final class LongDocScorer {
  private static final Logger LOG = LoggerFactory.getLogger(LongDocScorer.class);
  private static final StructType PLAN_ROWS = new StructType()
      .add(DOC_ID, DataTypes.StringType, false)
      .add(MODE, DataTypes.StringType, false)
      .add(PLAN, DataTypes.StringType, false);

  /**
   * @param model the job's model; relay and single run it, the scan runs the float64 reference of its
   *     directory (a custom model has none, so its documents relay)
   * @param memory the model's Infini memory kind (decides whether scan applies)
   * @param blockChunks chunks per model call inside a range (bounds a task's working memory)
   * @param level persistence of the scan's activations between layers
   * @param fault a failure to inject (tests), or null
   */
  public record Settings(ModelRef model, LongDocOptions options, MemoryMode memory, int blockChunks,
      StorageLevel level, FaultInjection fault) {
    /** 64 chunks per model call. */
    public static final int DEFAULT_BLOCK_CHUNKS = 64;

    public Settings {
      if (model == null || options == null || memory == null || level == null) {
        throw new IllegalArgumentException("model, options, memory and level must not be null");
      }
      if (blockChunks < 1) {
        throw new IllegalArgumentException("blockChunks must be positive, got " + blockChunks);
      }
    }

    public static Settings of(ModelRef model, LongDocOptions options) {
      return new Settings(model, options, MemoryMode.NONE, DEFAULT_BLOCK_CHUNKS,
          StorageLevel.MEMORY_AND_DISK(), null);
    }
  }

  private LongDocScorer() {}

  /**
   * @param docs {@link LongDocColumns#DOCUMENTS}: doc_id, tokens, state (null = from the start)
   * @return {@link LongDocColumns#RESULTS}, one row per document
   */
  public static Dataset<Row> score(SparkSession spark, Dataset<Row> docs, Settings settings) {
    String dir = directory(settings.model());
    int chunk = StreamingJob.info(settings.model()).chunkSize(); // config only, no weights
    Map<String, LongDocPlan> plans = plan(spark, docs, chunk, settings, dir != null);
    Dataset<Row> ranges = RangeTable.split(spark, docs, plans).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> out = relay(spark, ranges, plans, settings);
    Dataset<Row> scanned = ranges.filter(col(MODE).equalTo(LongDocMode.SCAN.optionValue()));
    Map<String, StreamState> starts = scanStarts(scanned, dir);
    if (!starts.isEmpty()) {
      MegalodonConfig cfg = MegalodonConfig.load(Path.of(dir, "config.json"));
      List<Row> rows = new ArrayList<>();
      for (ScanRunner.DocResult d : ScanRunner.run(spark, scanned, starts, new ScanRunner.Settings(
          dir, cfg.numLayers(), settings.blockChunks(), settings.level(),
          settings.fault()))) {
        rows.add(RowFactory.create(d.docId(), LongDocMode.SCAN.optionValue(), d.ranges(), d.nll(),
            d.scored(), d.state().toBytes(), plans.get(d.docId()).reason()));
      }
      Dataset<Row> scan = spark.createDataFrame(rows, LongDocColumns.RESULTS);
      out = out == null ? scan : out.union(scan);
    }
    out = out == null ? spark.createDataFrame(List.of(), LongDocColumns.RESULTS) : out;
    // materialised before the range table goes: the relay rounds are already checkpointed
    out = out.localCheckpoint(true);
    ranges.unpersist(false);
    return out;
  }

  /** Relays the single and relay documents; their results stay in Spark (states can be large). */
  private static Dataset<Row> relay(SparkSession spark, Dataset<Row> ranges,
      Map<String, LongDocPlan> plans, Settings settings) {
    int rounds = plans.values().stream().filter(p -> p.mode() != LongDocMode.SCAN)
        .mapToInt(p -> p.ranges().count()).max().orElse(0);
    if (rounds == 0) {
      return null;
    }
    List<Row> planRows = new ArrayList<>();
    plans.forEach((id, p) -> planRows.add(RowFactory.create(id, p.mode().optionValue(), p.reason())));
    Dataset<Row> planTable = broadcast(spark.createDataFrame(planRows, PLAN_ROWS));
    Dataset<Row> relayed = RelayRunner.run(ranges.filter(col(MODE).notEqual(
        LongDocMode.SCAN.optionValue())), rounds, settings.model(), settings.blockChunks());
    return relayed.join(planTable, LongDocColumns.using(DOC_ID)).select(col(DOC_ID), col(MODE),
        col(RANGES), col(NLL), col(SCORED), col(STATE), col(PLAN));
  }

  /** Plans every document on the driver from its length (a small collect) and logs each decision. */
  static Map<String, LongDocPlan> plan(SparkSession spark, Dataset<Row> docs, int chunk,
      Settings settings, boolean scanModel) {
    Map<String, Long> lengths = new LinkedHashMap<>();
    for (Row r : docs.select(col(DOC_ID), size(col(TOKENS))).collectAsList()) {
      String id = r.getString(0);
      if (r.getInt(1) < 1) {
        throw LongDocErrors.emptyDocument(id);
      }
      if (lengths.put(id, (long) r.getInt(1)) != null) {
        throw LongDocErrors.duplicateDocument(id);
      }
    }
    long total = lengths.values().stream().mapToLong(Long::longValue).sum();
    LongDocPlanner.Cluster cluster = new LongDocPlanner.Cluster(
        spark.sparkContext().defaultParallelism(), total);
    Map<String, LongDocPlan> plans = new TreeMap<>();
    lengths.forEach((id, n) -> {
      LongDocPlan p = LongDocPlanner.plan(n, chunk, settings.options(), cluster, settings.memory());
      if (p.mode() == LongDocMode.SCAN && !scanModel) {
        p = LongDocPlanner.plan(n, chunk, new LongDocOptions(LongDocMode.RELAY,
            settings.options().maxTokensPerTask()), cluster, settings.memory());
        p = new LongDocPlan(p.mode(), p.ranges(), p.reason() + " (scan needs a model directory for its"
            + " float64 reference; " + settings.model() + " has none)");
      }
      plans.put(id, p);
      if (p.mode() != LongDocMode.SINGLE) {
        LOG.info("document {}: {} ({} ranges): {}", id, p.mode().optionValue(), p.ranges().count(),
            p.reason());
      }
    });
    return plans;
  }

  /** The model directory behind a reference (the scan's float64 reference loads from it), or null. */
  static String directory(ModelRef ref) {
    if (ref instanceof ModelRef.TensorFlow t) {
      return t.directory();
    }
    return ref instanceof ModelRef.Reference r ? r.directory() : null;
  }

  private static Map<String, StreamState> scanStarts(Dataset<Row> scanned, String dir) {
    Map<String, StreamState> starts = new TreeMap<>();
    if (dir == null) {
      return starts;
    }
    MegalodonConfig cfg = MegalodonConfig.load(Path.of(dir, "config.json"));
    for (Row r : scanned.filter(col(RANGE).equalTo(0)).select(col(DOC_ID), col(STATE)).collectAsList()) {
      starts.put(r.getString(0), r.isNullAt(1) ? StreamState.initial(cfg)
          : StreamState.fromBytes((byte[]) r.get(1)));
    }
    return starts;
  }
}
