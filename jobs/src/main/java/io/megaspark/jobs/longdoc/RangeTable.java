package io.megaspark.jobs.longdoc;

import static io.megaspark.jobs.longdoc.LongDocColumns.DOC_ID;
import static io.megaspark.jobs.longdoc.LongDocColumns.STATE;
import static io.megaspark.jobs.longdoc.LongDocColumns.TOKENS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Splits documents into their planned ranges, in the executors: one input row (doc_id, tokens, state)
 * becomes one row per range (doc_id, range, ranges, start, tokens, next_token, state), the document's
 * incoming state on range 0 only. The plans (range starts) come from the driver as a small broadcast
 * table.
 */
final class RangeTable {
  private static final String STARTS = "starts";
  private static final StructType PLANS = new StructType()
      .add(DOC_ID, DataTypes.StringType, false)
      .add(LongDocColumns.MODE, DataTypes.StringType, false)
      .add(STARTS, DataTypes.createArrayType(DataTypes.LongType, false), false);

  private RangeTable() {}

  /**
   * @param docs {@link LongDocColumns#DOCUMENTS}
   * @param plans each document's plan
   */
  static Dataset<Row> split(SparkSession spark, Dataset<Row> docs, Map<String, LongDocPlan> plans) {
    List<Row> rows = new ArrayList<>();
    plans.forEach((id, p) -> rows.add(
        RowFactory.create(id, p.mode().optionValue(), column(p.ranges().starts()))));
    Dataset<Row> planTable = functions.broadcast(spark.createDataFrame(rows, PLANS));
    return docs.join(planTable, LongDocColumns.using(DOC_ID))
        .flatMap((FlatMapFunction<Row, Row>) RangeTable::ranges,
            Encoders.row(LongDocColumns.RANGE_ROWS));
  }

  private static java.util.Iterator<Row> ranges(Row doc) {
    String id = doc.getAs(DOC_ID);
    String mode = doc.getAs(LongDocColumns.MODE);
    int[] tokens = tokens(doc, TOKENS);
    List<Long> starts = doc.getList(doc.fieldIndex(STARTS));
    byte[] state = doc.isNullAt(doc.fieldIndex(STATE)) ? null : doc.getAs(STATE);
    int p = starts.size();
    List<Row> out = new ArrayList<>(p);
    for (int r = 0; r < p; r++) {
      int from = starts.get(r).intValue();
      int to = r + 1 < p ? starts.get(r + 1).intValue() : tokens.length;
      int next = to < tokens.length ? tokens[to] : RangeScoring.NONE;
      out.add(RowFactory.create(id, mode, r, p, (long) from, column(Arrays.copyOfRange(tokens, from, to)),
          next, r == 0 ? state : null));
    }
    return out.iterator();
  }

  /** An array&lt;int&gt; column as int[]. */
  static int[] tokens(Row row, String column) {
    scala.collection.Seq<Object> seq = row.getSeq(row.fieldIndex(column));
    int[] a = new int[seq.size()];
    scala.collection.Iterator<Object> it = seq.iterator();
    for (int i = 0; i < a.length; i++) {
      a[i] = (Integer) it.next();
    }
    return a;
  }

  /** int[] as a value for an array&lt;int&gt; column (a Scala sequence over the array, no copy). */
  static Object column(int[] a) {
    return scala.collection.immutable.ArraySeq.unsafeWrapArray(a);
  }

  private static Object column(long[] a) {
    return scala.collection.immutable.ArraySeq.unsafeWrapArray(a);
  }
}
