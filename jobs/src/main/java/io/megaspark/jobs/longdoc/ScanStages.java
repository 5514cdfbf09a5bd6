package io.megaspark.jobs.longdoc;

import static io.megaspark.jobs.longdoc.LongDocColumns.DOC_ID;
import static io.megaspark.jobs.longdoc.LongDocColumns.EMA_IN;
import static io.megaspark.jobs.longdoc.LongDocColumns.EMA_SUMMARY;
import static io.megaspark.jobs.longdoc.LongDocColumns.NEXT_TOKEN;
import static io.megaspark.jobs.longdoc.LongDocColumns.NLL;
import static io.megaspark.jobs.longdoc.LongDocColumns.NORM_IN;
import static io.megaspark.jobs.longdoc.LongDocColumns.NORM_SUMMARY;
import static io.megaspark.jobs.longdoc.LongDocColumns.RANGE;
import static io.megaspark.jobs.longdoc.LongDocColumns.SCORED;
import static io.megaspark.jobs.longdoc.LongDocColumns.TOKENS;
import static io.megaspark.jobs.longdoc.LongDocColumns.X;

import io.megaspark.megalodon.reference.ReferenceLayer;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.reference.ReferenceTimestepNorm;
import io.megaspark.megalodon.scan.EmaSummary;
import io.megaspark.megalodon.scan.RangeActivations;
import io.megaspark.megalodon.scan.RangeWork;
import io.megaspark.megalodon.scan.TimestepNormSummary;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The executor side of the layer-wise scan: each stage maps a range's row to a row, using only the
 * row (activations, tokens, incoming summaries from the driver). The math is
 * {@link io.megaspark.megalodon.scan.RangeWork} on the float64 reference.
 */
final class ScanStages {
  /** A range's activations entering a layer, with their local TimestepNorm summary and its tokens. */
  static final StructType ACTS = new StructType()
      .add(DOC_ID, DataTypes.StringType, false)
      .add(RANGE, DataTypes.IntegerType, false)
      .add(TOKENS, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add(NEXT_TOKEN, DataTypes.IntegerType, false)
      .add(X, DataTypes.BinaryType, false)
      .add(NORM_SUMMARY, DataTypes.BinaryType, false);

  /** A range's local CEMA summary. */
  static final StructType EMA = new StructType()
      .add(DOC_ID, DataTypes.StringType, false)
      .add(RANGE, DataTypes.IntegerType, false)
      .add(EMA_SUMMARY, DataTypes.BinaryType, false);

  /** A range's score. */
  static final StructType SCORES = new StructType()
      .add(DOC_ID, DataTypes.StringType, false)
      .add(RANGE, DataTypes.IntegerType, false)
      .add(NLL, DataTypes.DoubleType, false)
      .add(SCORED, DataTypes.LongType, false);

  private ScanStages() {}

  /** Round 0: embedding and the first layer's local TimestepNorm summary. Input: range rows. */
  static Iterator<Row> embed(Iterator<Row> rows, String modelDir, FaultInjection fault) {
    ReferenceModel model = ReferenceModels.get(modelDir);
    return map(rows, row -> {
      FaultInjection.maybeFail(fault, "embed", -1);
      RangeActivations a = RangeWork.embed(model, RangeTable.tokens(row, TOKENS));
      return acts(row, a);
    });
  }

  /** Per layer, first round: exact normalised input, CEMA from zero, its summary. Input: ACTS + norm_in. */
  static Iterator<Row> ema(Iterator<Row> rows, String modelDir, int layer, int blockChunks,
      FaultInjection fault) {
    ReferenceModel model = ReferenceModels.get(modelDir);
    ReferenceLayer l = model.layer(layer);
    int d = model.config().modelDim();
    int block = blockChunks * model.config().chunkSize();
    return map(rows, row -> {
      FaultInjection.maybeFail(fault, "ema", layer);
      EmaSummary s = RangeWork.emaSummary(l, Activations.fromBytes(row.getAs(X), d), normIn(row), block);
      return RowFactory.create(row.getAs(DOC_ID), row.getAs(RANGE), s.toBytes());
    });
  }

  /**
   * Per layer, second round: the CEMA from the exact incoming h (the zero-state output plus its bias,
   * by linearity), the rest of the block, and the next layer's local summary. Input: ACTS + norm_in +
   * ema_in. Output: ACTS for the next layer.
   */
  static Iterator<Row> finish(Iterator<Row> rows, String modelDir, int layer, int blockChunks,
      FaultInjection fault) {
    ReferenceModel model = ReferenceModels.get(modelDir);
    ReferenceLayer l = model.layer(layer);
    int d = model.config().modelDim();
    int block = blockChunks * model.config().chunkSize();
    return map(rows, row -> {
      FaultInjection.maybeFail(fault, "finish", layer);
      double[][] h = EmaSummary.fromBytes(row.getAs(EMA_IN)).state();
      return acts(row, RangeWork.finishFromInput(l, Activations.fromBytes(row.getAs(X), d), normIn(row),
          h, block));
    });
  }

  /**
   * Last round: output TimestepNorm, LM head, the range's score, in sub-blocks (the logits of a whole
   * range would be T x V values). Input: ACTS + norm_in.
   */
  static Iterator<Row> logits(Iterator<Row> rows, String modelDir, int blockChunks, FaultInjection fault) {
    ReferenceModel model = ReferenceModels.get(modelDir);
    int d = model.config().modelDim();
    int block = blockChunks * model.config().chunkSize();
    return map(rows, row -> {
      FaultInjection.maybeFail(fault, "logits", -1);
      double[][] x = Activations.fromBytes(row.getAs(X), d);
      int[] tokens = RangeTable.tokens(row, TOKENS);
      int nextToken = row.getAs(NEXT_TOKEN);
      ReferenceTimestepNorm.State norm = normIn(row).toState();
      double nll = 0;
      long scored = 0;
      for (int from = 0; from < x.length; from += block) {
        int to = Math.min(x.length, from + block);
        double[][] part = Arrays.copyOfRange(x, from, to);
        ReferenceTimestepNorm.Output out = model.outputNorm(part, norm);
        double[][] logits = model.logits(out.y());
        RangeScoring.Score s = RangeScoring.score(logits, Arrays.copyOfRange(tokens, from, to),
            to < tokens.length ? tokens[to] : nextToken);
        nll += s.nll();
        scored += s.scored();
        norm = out.state();
      }
      return RowFactory.create(row.getAs(DOC_ID), row.getAs(RANGE), nll, scored);
    });
  }

  private static TimestepNormSummary normIn(Row row) {
    return TimestepNormSummary.fromBytes(row.getAs(NORM_IN));
  }

  private static Row acts(Row in, RangeActivations a) {
    return RowFactory.create(in.getAs(DOC_ID), in.getAs(RANGE), in.get(in.fieldIndex(TOKENS)),
        in.getAs(NEXT_TOKEN), Activations.toBytes(a.x()), a.normSummary().toBytes());
  }

  /** A lazy map, so a partition holds one range's activations at a time. */
  private static Iterator<Row> map(Iterator<Row> rows, Function<Row, Row> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        return f.apply(rows.next());
      }
    };
  }
}
