package io.megaspark.jobs.longdoc;

import static io.megaspark.jobs.longdoc.LongDocColumns.DOC_ID;
import static io.megaspark.jobs.longdoc.LongDocColumns.NEXT_TOKEN;
import static io.megaspark.jobs.longdoc.LongDocColumns.NLL;
import static io.megaspark.jobs.longdoc.LongDocColumns.RANGE;
import static io.megaspark.jobs.longdoc.LongDocColumns.RANGES;
import static io.megaspark.jobs.longdoc.LongDocColumns.SCORED;
import static io.megaspark.jobs.longdoc.LongDocColumns.STATE;
import static io.megaspark.jobs.longdoc.LongDocColumns.TOKENS;
import static org.apache.spark.sql.functions.col;

import io.megaspark.jobs.run.BlockModel;
import io.megaspark.jobs.run.BlockRequest;
import io.megaspark.jobs.run.BlockResult;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.SharedModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ordered hand-off (issue 10, deliverable 1): round r runs range r of every document that has one,
 * each from the state its range r-1 ended with, so the ranges of one document run in order while
 * different documents run side by side (a wavefront). A document of one range is the single-task run.
 * The per-range work is the job's {@link BlockModel} (the fast TensorFlow model, or the reference), fed
 * one block at a time with the state carried, as in the ordinary streaming run.
 * States and running totals travel in rows; each round is materialised and its lineage cut
 * ({@code localCheckpoint}), so a retried task recomputes from the previous round's rows.
 */
final class RelayRunner {
  /** A round's output: the running totals and the state after the range. */
  static final StructType ROUND = new StructType()
      .add(DOC_ID, DataTypes.StringType, false)
      .add(RANGE, DataTypes.IntegerType, false)
      .add(RANGES, DataTypes.IntegerType, false)
      .add(NLL, DataTypes.DoubleType, false)
      .add(SCORED, DataTypes.LongType, false)
      .add(STATE, DataTypes.BinaryType, false);

  private RelayRunner() {}

  /**
   * @param ranges {@link LongDocColumns#RANGE_ROWS} of the documents to relay
   * @param rounds the largest number of ranges of any document
   * @param blockChunks chunks per model call inside a range
   * @return one row per document (doc_id, range, ranges, nll, scored, state): the totals and final state
   */
  static Dataset<Row> run(Dataset<Row> ranges, int rounds, ModelRef model, int blockChunks) {
    Dataset<Row> previous = null;
    Dataset<Row> finished = null;
    for (int r = 0; r < rounds; r++) {
      Dataset<Row> input = ranges.filter(col(RANGE).equalTo(r));
      if (previous != null) {
        // the predecessor's state and totals replace range r's (empty) state column
        input = input.drop(STATE).join(previous.select(col(DOC_ID), col(STATE), col(NLL).as("nll_before"),
            col(SCORED).as("scored_before")), LongDocColumns.using(DOC_ID));
      }
      Dataset<Row> round = input.mapPartitions(
          (MapPartitionsFunction<Row, Row>) rows -> runRanges(rows, model, blockChunks),
          Encoders.row(ROUND)).localCheckpoint(true);
      Dataset<Row> done = round.filter(col(RANGE).equalTo(col(RANGES).minus(1)));
      finished = finished == null ? done : finished.union(done);
      previous = round.filter(col(RANGE).lt(col(RANGES).minus(1)));
    }
    return finished;
  }

  private static Iterator<Row> runRanges(Iterator<Row> rows, ModelRef ref, int blockChunks) {
    return runWith(SharedModels.get(ref), rows, blockChunks);
  }

  /** Each range block by block through the job's model (TensorFlow, reference or custom). */
  private static <S> Iterator<Row> runWith(BlockModel<S> model, Iterator<Row> rows, int blockChunks) {
    int blockTokens = blockChunks * model.info().chunkSize();
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Row row = rows.next();
      int stateAt = row.fieldIndex(STATE);
      S state = row.isNullAt(stateAt) ? model.initialState() : model.fromBytes(row.getAs(STATE));
      int[] tokens = RangeTable.tokens(row, TOKENS);
      int next = row.getAs(NEXT_TOKEN);
      double nll = hasField(row, "nll_before") ? row.<Double>getAs("nll_before") : 0;
      long scored = hasField(row, "scored_before") ? row.<Long>getAs("scored_before") : 0;
      for (int from = 0; from < tokens.length; from += blockTokens) {
        int n = Math.min(blockTokens, tokens.length - from);
        int[][] block = new int[1][blockTokens];
        int[][] targets = new int[1][blockTokens];
        Arrays.fill(targets[0], RangeScoring.NONE);
        System.arraycopy(tokens, from, block[0], 0, n);
        for (int i = 0; i < n; i++) {
          targets[0][i] = from + i + 1 < tokens.length ? tokens[from + i + 1] : next;
        }
        BlockResult<S> r = model.forward(List.of(state), block, new int[] {n},
            new BlockRequest(false, targets, false, false));
        for (int i = 0; i < n; i++) {
          if (targets[0][i] != RangeScoring.NONE) {
            nll -= r.targetLogProbs()[0][i];
            scored++;
          }
        }
        state = r.states().get(0);
      }
      out.add(RowFactory.create(row.getAs(DOC_ID), row.getAs(RANGE), row.getAs(RANGES), nll, scored,
          model.toBytes(state)));
    }
    return out.iterator();
  }

  private static boolean hasField(Row row, String name) {
    for (String f : row.schema().fieldNames()) {
      if (f.equals(name)) {
        return true;
      }
    }
    return false;
  }
}
