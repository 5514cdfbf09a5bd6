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
import io.megaspark.jobs.run.ModelRefs;
import io.megaspark.jobs.run.StreamingJob;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
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
 * <p>All modes run the job's model: the fast TensorFlow one, or the float64 reference (the oracle). A
 * model built in code ({@code factory:}) has no per-layer entry points, so its documents relay; so do
 * documents of a model with delta-rule Infini memory, which no parallel scan computes exactly.
 */
public final class LongDocScorer {
  private static final Logger LOG = LoggerFactory.getLogger(LongDocScorer.class);
  private static final StructType PLAN_ROWS = new StructType()
      .add(DOC_ID, DataTypes.StringType, false)
      .add(MODE, DataTypes.StringType, false)
      .add(PLAN, DataTypes.StringType, false);

  /**
   * @param pieceChunks chunks per model call inside a range: a relay block, a scan piece (bounds a
   *     task's working memory; one scan row holds a piece's activations)
   * @param level persistence of the scan's activations between layers
   * @param fault a failure to inject (tests), or null
   * @param stats receives the scan's measured costs on the driver (benchmarks), or null
   */
  public record Settings(ModelRef model, LongDocOptions options, int pieceChunks, StorageLevel level,
      FaultInjection fault, Consumer<ScanStats> stats) {
    /** 64 chunks per model call. */
    public static final int DEFAULT_PIECE_CHUNKS = 64;

    public Settings {
      if (model == null || options == null || level == null) {
        throw new IllegalArgumentException("model, options and level must not be null");
      }
      if (pieceChunks < 1) {
        throw new IllegalArgumentException("pieceChunks must be positive, got " + pieceChunks);
      }
    }

    public static Settings of(ModelRef model, LongDocOptions options) {
      return new Settings(model, options, DEFAULT_PIECE_CHUNKS, StorageLevel.MEMORY_AND_DISK(), null, null);
    }

    public Settings withPieceChunks(int chunks) {
      return new Settings(model, options, chunks, level, fault, stats);
    }

    public Settings withLevel(StorageLevel storage) {
      return new Settings(model, options, pieceChunks, storage, fault, stats);
    }

    public Settings withFault(FaultInjection injected) {
      return new Settings(model, options, pieceChunks, level, injected, stats);
    }

    public Settings withStats(Consumer<ScanStats> listener) {
      return new Settings(model, options, pieceChunks, level, fault, listener);
    }
  }

  private LongDocScorer() {}

  /**
   * @param docs {@link LongDocColumns#DOCUMENTS}: doc_id, tokens, state (null = from the start)
   * @return {@link LongDocColumns#RESULTS}, one row per document
   */
  public static Dataset<Row> score(SparkSession spark, Dataset<Row> docs, Settings settings) {
    MegalodonConfig cfg = ModelRefs.config(settings.model()); // null for a model built in code
    int chunk = StreamingJob.info(settings.model()).chunkSize(); // config only, no weights
    MemoryMode memory = MemoryMode.of(cfg);
    Map<String, LongDocPlan> plans = plan(spark, docs, chunk, settings, memory, cfg != null);
    // row blocks, not a columnar cache: a range row holds up to --max-tokens-per-task tokens
    Dataset<Row> ranges = Checkpoints.persist(RangeTable.split(spark, docs, plans),
        StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> out = relay(spark, ranges, plans, settings);
    Dataset<Row> scanned = ranges.filter(col(MODE).equalTo(LongDocMode.SCAN.optionValue()));
    Map<String, StreamState> starts = scanStarts(scanned, cfg);
    if (!starts.isEmpty()) {
      ScanRunner.Outcome o = ScanRunner.run(spark, scanned, starts, new ScanRunner.Settings(
          settings.model(), cfg.numLayers(), memory == MemoryMode.INFINI_LINEAR,
          settings.pieceChunks() * chunk, settings.level(), settings.fault()));
      o.stats().stages().forEach(st -> LOG.info("scan {}", st));
      if (settings.stats() != null) {
        settings.stats().accept(o.stats());
      }
      List<Row> rows = new ArrayList<>();
      for (ScanRunner.DocResult d : o.documents()) {
        rows.add(RowFactory.create(d.docId(), LongDocMode.SCAN.optionValue(), d.ranges(), d.nll(),
            d.scored(), d.state().toBytes(), plans.get(d.docId()).reason()));
      }
      Dataset<Row> scan = spark.createDataFrame(rows, LongDocColumns.RESULTS);
      out = out == null ? scan : out.union(scan);
    }
    out = out == null ? spark.createDataFrame(List.of(), LongDocColumns.RESULTS) : out;
    // materialised before the range table goes: the relay rounds are already checkpointed
    spark.sparkContext().setJobDescription("long documents: results");
    out = out.localCheckpoint(true);
    Checkpoints.free(ranges);
    spark.sparkContext().setJobDescription(null);
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
        LongDocMode.SCAN.optionValue())), rounds, settings.model(), settings.pieceChunks());
    return relayed.join(planTable, LongDocColumns.using(DOC_ID)).select(col(DOC_ID), col(MODE),
        col(RANGES), col(NLL), col(SCORED), col(STATE), col(PLAN));
  }

  /** Plans every document on the driver from its length (a small collect) and logs each decision. */
  static Map<String, LongDocPlan> plan(SparkSession spark, Dataset<Row> docs, int chunk,
      Settings settings, MemoryMode memory, boolean scanModel) {
    Map<String, Long> lengths = new LinkedHashMap<>();
    spark.sparkContext().setJobDescription("long documents: lengths");
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
    spark.sparkContext().setJobDescription("long documents: split into ranges");
    lengths.forEach((id, n) -> {
      LongDocPlan p = LongDocPlanner.plan(n, chunk, settings.options(), cluster, memory);
      if (p.mode() == LongDocMode.SCAN && !scanModel) {
        p = LongDocPlanner.plan(n, chunk, new LongDocOptions(LongDocMode.RELAY,
            settings.options().maxTokensPerTask()), cluster, memory);
        p = new LongDocPlan(p.mode(), p.ranges(), p.reason() + " (the scan runs a model one layer at a"
            + " time, which needs a model directory; " + settings.model() + " is built in code)");
      }
      plans.put(id, p);
      if (p.mode() != LongDocMode.SINGLE) {
        LOG.info("document {}: {} ({} ranges): {}", id, p.mode().optionValue(), p.ranges().count(),
            p.reason());
      }
    });
    return plans;
  }

  /** Each scanned document's incoming state (a small collect: range 0's state column). */
  private static Map<String, StreamState> scanStarts(Dataset<Row> scanned, MegalodonConfig cfg) {
    Map<String, StreamState> starts = new TreeMap<>();
    if (cfg == null) {
      return starts;
    }
    for (Row r : scanned.filter(col(RANGE).equalTo(0)).select(col(DOC_ID), col(STATE)).collectAsList()) {
      StreamState s = r.isNullAt(1) ? StreamState.initial(cfg) : StreamState.fromBytes((byte[]) r.get(1));
      s.checkFits(cfg);
      starts.put(r.getString(0), s);
    }
    return starts;
  }
}
