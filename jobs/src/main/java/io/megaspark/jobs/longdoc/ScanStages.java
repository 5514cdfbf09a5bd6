package io.megaspark.jobs.longdoc;

import static io.megaspark.jobs.longdoc.LongDocColumns.DOC_ID;
import static io.megaspark.jobs.longdoc.LongDocColumns.EMA_IN;
import static io.megaspark.jobs.longdoc.LongDocColumns.EMA_SUMMARY;
import static io.megaspark.jobs.longdoc.LongDocColumns.MEMORY_IN;
import static io.megaspark.jobs.longdoc.LongDocColumns.MEMORY_SUMMARY;
import static io.megaspark.jobs.longdoc.LongDocColumns.NEXT_TOKEN;
import static io.megaspark.jobs.longdoc.LongDocColumns.NLL;
import static io.megaspark.jobs.longdoc.LongDocColumns.NORM_IN;
import static io.megaspark.jobs.longdoc.LongDocColumns.NORM_SUMMARY;
import static io.megaspark.jobs.longdoc.LongDocColumns.PIECE;
import static io.megaspark.jobs.longdoc.LongDocColumns.PIECES;
import static io.megaspark.jobs.longdoc.LongDocColumns.RANGE;
import static io.megaspark.jobs.longdoc.LongDocColumns.SCORED;
import static io.megaspark.jobs.longdoc.LongDocColumns.TOKENS;
import static io.megaspark.jobs.longdoc.LongDocColumns.X;

import io.megaspark.jobs.run.ModelRef;
import io.megaspark.megalodon.scan.EmaSummary;
import io.megaspark.megalodon.scan.LayerMemorySummary;
import io.megaspark.megalodon.scan.TimestepNormSummary;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The executor side of the layer-wise scan: each stage maps a partition's rows to rows using only those
 * rows (activations, tokens, the incoming summaries the driver broadcast), so a retried task recomputes
 * the same bytes. A range is a run of piece rows ({@link RangePieces}); the math is a {@link ScanKernel}.
 */
final class ScanStages {
  /**
   * A piece's activations entering a layer (or the output norm), its tokens and the token after them,
   * and the local TimestepNorm summary of the range's activations up to and including this piece (so
   * the driver needs only each range's last piece).
   */
  static final StructType ACTS = new StructType()
      .add(DOC_ID, DataTypes.StringType, false)
      .add(RANGE, DataTypes.IntegerType, false)
      .add(PIECE, DataTypes.IntegerType, false)
      .add(PIECES, DataTypes.IntegerType, false)
      .add(TOKENS, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add(NEXT_TOKEN, DataTypes.IntegerType, false)
      .add(X, DataTypes.BinaryType, false)
      .add(NORM_SUMMARY, DataTypes.BinaryType, false);

  /** A range's local CEMA summary. */
  static final StructType EMA = summaries(EMA_SUMMARY);

  /** A range's Infini memory write (linear rule). */
  static final StructType MEMORY = summaries(MEMORY_SUMMARY);

  /** A range's score. */
  static final StructType SCORES = new StructType()
      .add(DOC_ID, DataTypes.StringType, false)
      .add(RANGE, DataTypes.IntegerType, false)
      .add(NLL, DataTypes.DoubleType, false)
      .add(SCORED, DataTypes.LongType, false);

  /**
   * What every task needs, small and serializable (it travels in the closures).
   *
   * @param model the job's model (the kernel is loaded once per executor JVM)
   * @param pieceTokens tokens per piece, a multiple of the chunk
   * @param fault a failure to inject, or null
   */
  record Job(ModelRef model, int pieceTokens, FaultInjection fault) implements Serializable {
    ScanKernel kernel() {
      return ScanKernel.of(model, pieceTokens);
    }
  }

  private ScanStages() {}

  /** Round 0: a range's pieces, embedded. Input: {@link LongDocColumns#RANGE_ROWS}. */
  static Iterator<Row> embed(Iterator<Row> ranges, Job job, StageMeter meter) {
    ScanKernel k = job.kernel();
    Iterator<Row> out = new Iterator<>() {
      private Row range;
      private int[] tokens;
      private int piece;
      private int pieces;
      private TimestepNormSummary cumulative;

      @Override
      public boolean hasNext() {
        return piece < pieces || ranges.hasNext();
      }

      @Override
      public Row next() {
        if (piece >= pieces) {
          range = ranges.next();
          FaultInjection.maybeFail(job.fault(), "embed", -1);
          tokens = RangeTable.tokens(range, TOKENS);
          pieces = (tokens.length + job.pieceTokens() - 1) / job.pieceTokens();
          piece = 0;
        }
        int from = piece * job.pieceTokens();
        int to = Math.min(tokens.length, from + job.pieceTokens());
        int[] part = Arrays.copyOfRange(tokens, from, to);
        ScanKernel.Piece p = meter.kernel(part.length, () -> k.embed(part));
        cumulative = piece == 0 ? p.summary() : cumulative.combine(p.summary());
        int next = to < tokens.length ? tokens[to] : range.<Integer>getAs(NEXT_TOKEN);
        return RowFactory.create(range.getAs(DOC_ID), range.getAs(RANGE), piece++, pieces,
            RangeTable.column(part), next, meter.written(p.x()), cumulative.toBytes());
      }
    };
    return meter.timed(out);
  }

  /**
   * Per layer, first round: the range's CEMA summary from the exact incoming statistics and h = 0.
   * Input: ACTS + norm_in. Output: {@link #EMA}.
   */
  static Iterator<Row> ema(Iterator<Row> rows, Job job, int layer, StageMeter meter) {
    ScanKernel k = job.kernel();
    return meter.timed(RangePieces.<Walk>perRange(rows,
        row -> {
          FaultInjection.maybeFail(job.fault(), "ema", layer);
          return new Walk(new ScanKernel.Carry(normIn(row), new double[2][k.emaSize()], null), 0);
        },
        (w, row) -> new Walk(meter.kernel(tokens(row), () -> k.advance(layer, row.getAs(X), w.carry(),
            false)), w.steps() + tokens(row)),
        (first, w) -> summaryRow(first, k.emaSummary(layer, w.carry().h(), w.steps()).toBytes())));
  }

  /**
   * Per layer, with Infini memory (linear rule): the range's memory write, from the exact incoming
   * statistics and h and an empty memory. Input: ACTS + norm_in + ema_in. Output: {@link #MEMORY}.
   */
  static Iterator<Row> memory(Iterator<Row> rows, Job job, int layer, StageMeter meter) {
    ScanKernel k = job.kernel();
    int[] sizes = k.memorySizes();
    return meter.timed(RangePieces.<Walk>perRange(rows,
        row -> {
          FaultInjection.maybeFail(job.fault(), "memory", layer);
          return new Walk(new ScanKernel.Carry(normIn(row), emaIn(row),
              LayerMemorySummary.empty(sizes[0], sizes[1])), 0);
        },
        (w, row) -> new Walk(meter.kernel(tokens(row), () -> k.advance(layer, row.getAs(X), w.carry(),
            true)), 0),
        (first, w) -> summaryRow(first, w.carry().memory().toBytes())));
  }

  /**
   * Per layer, last round: the block output from the exact incoming state (statistics, h, memory),
   * and the next layer's cumulative local summaries. Input: ACTS + norm_in + ema_in (+ memory_in).
   * Output: ACTS for the next layer.
   */
  static Iterator<Row> finish(Iterator<Row> rows, Job job, int layer, StageMeter meter) {
    ScanKernel k = job.kernel();
    return meter.timed(RangePieces.<Finish>perPiece(rows,
        row -> {
          FaultInjection.maybeFail(job.fault(), "finish", layer);
          LayerMemorySummary mem = row.isNullAt(row.fieldIndex(MEMORY_IN)) ? null
              : LayerMemorySummary.fromBytes(row.getAs(MEMORY_IN));
          return new Finish(new ScanKernel.Carry(normIn(row), emaIn(row), mem), null);
        },
        (f, row) -> {
          ScanKernel.Step s = meter.kernel(tokens(row), () -> k.forward(layer, row.getAs(X), f.carry()));
          TimestepNormSummary cum = f.cumulative() == null ? s.y().summary()
              : f.cumulative().combine(s.y().summary());
          return new RangePieces.Out<>(RowFactory.create(row.getAs(DOC_ID), row.getAs(RANGE),
              row.getAs(PIECE), row.getAs(PIECES), row.get(row.fieldIndex(TOKENS)), row.getAs(NEXT_TOKEN),
              meter.written(s.y().x()), cum.toBytes()), new Finish(s.next(), cum));
        }));
  }

  /** Output norm, LM head and the range's score. Input: ACTS + norm_in. Output: {@link #SCORES}. */
  static Iterator<Row> scores(Iterator<Row> rows, Job job, StageMeter meter) {
    ScanKernel k = job.kernel();
    return meter.timed(RangePieces.<ScanKernel.Score>perRange(rows,
        row -> {
          FaultInjection.maybeFail(job.fault(), "logits", -1);
          return new ScanKernel.Score(0, 0, normIn(row));
        },
        (acc, row) -> {
          int[] targets = RangeScoring.targets(RangeTable.tokens(row, TOKENS), row.getAs(NEXT_TOKEN));
          ScanKernel.Score s = meter.kernel(targets.length, () -> k.score(row.getAs(X), targets, acc.next()));
          return new ScanKernel.Score(acc.nll() + s.nll(), acc.scored() + s.scored(), s.next());
        },
        (first, acc) -> RowFactory.create(first.getAs(DOC_ID), first.getAs(RANGE), acc.nll(), acc.scored())));
  }

  /** A range's carried layer state and the steps seen so far. */
  private record Walk(ScanKernel.Carry carry, long steps) {}

  /** The finish round's carry: the layer state and the output's cumulative local summary. */
  private record Finish(ScanKernel.Carry carry, TimestepNormSummary cumulative) {}

  private static int tokens(Row row) {
    return row.getSeq(row.fieldIndex(TOKENS)).size();
  }

  private static TimestepNormSummary normIn(Row row) {
    return TimestepNormSummary.fromBytes(row.getAs(NORM_IN));
  }

  private static double[][] emaIn(Row row) {
    return EmaSummary.fromBytes(row.getAs(EMA_IN)).state();
  }

  private static Row summaryRow(Row first, byte[] summary) {
    return RowFactory.create(first.getAs(DOC_ID), first.getAs(RANGE), summary);
  }

  private static StructType summaries(String column) {
    return new StructType()
        .add(DOC_ID, DataTypes.StringType, false)
        .add(RANGE, DataTypes.IntegerType, false)
        .add(column, DataTypes.BinaryType, false);
  }
}
