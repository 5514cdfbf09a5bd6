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

import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.reference.ReferenceModel;
import java.util.ArrayList;
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
  static Dataset<Row> run(Dataset<Row> ranges, int rounds, String modelDir, int blockChunks) {
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
          (MapPartitionsFunction<Row, Row>) rows -> runRanges(rows, modelDir, blockChunks),
          Encoders.row(ROUND)).localCheckpoint(true);
      Dataset<Row> done = round.filter(col(RANGE).equalTo(col(RANGES).minus(1)));
      finished = finished == null ? done : finished.union(done);
      previous = round.filter(col(RANGE).lt(col(RANGES).minus(1)));
    }
    return finished;
  }

  private static Iterator<Row> runRanges(Iterator<Row> rows, String modelDir, int blockChunks) {
    ReferenceModel model = ReferenceModels.get(modelDir);
    int blockTokens = blockChunks * model.config().chunkSize();
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Row row = rows.next();
      int stateAt = row.fieldIndex(STATE);
      StreamState in = row.isNullAt(stateAt) ? StreamState.initial(model.config())
          : StreamState.fromBytes(row.getAs(STATE));
      int[] tokens = RangeTable.tokens(row, TOKENS);
      RangeScoring.Score s = RangeScoring.run(model, in, tokens, row.getAs(NEXT_TOKEN),
          blockTokens);
      double nll = s.nll();
      long scored = s.scored();
      if (hasField(row, "nll_before")) {
        nll += row.<Double>getAs("nll_before");
        scored += row.<Long>getAs("scored_before");
      }
      out.add(RowFactory.create(row.getAs(DOC_ID), row.getAs(RANGE), row.getAs(RANGES), nll, scored,
          s.state().toBytes()));
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
