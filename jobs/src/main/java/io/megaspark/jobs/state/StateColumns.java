package io.megaspark.jobs.state;

import io.megaspark.jobs.run.DocumentEnd;
import io.megaspark.jobs.score.PositionBuckets;
import io.megaspark.jobs.score.ScoreTotals;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The state-store record of a document (DESIGN.md, mode 3), carried in a job's result rows as one struct
 * column {@value #COLUMN} and written to {@code --state-out} as a flat Parquet table keyed by
 * {@code doc_id}.
 *
 * <p>A state can only be continued exactly from a chunk boundary (attention inside a partial chunk needs
 * that chunk's tokens), so the record holds the state at the last chunk boundary before the end plus the
 * tokens after it; the next run feeds those tokens again, followed by the appended text.
 */
public final class StateColumns {
  /** The struct column in result rows; removed from the job's own output. */
  public static final String COLUMN = "_state";

  /** Columns of the state table (besides doc_id). */
  public static final StructType STATE =
      new StructType()
          .add("bytes_consumed", DataTypes.LongType, false)
          .add("stream_tokens", DataTypes.LongType, false)
          .add("state", DataTypes.BinaryType, false)
          .add("tail", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
          .add("nll", DataTypes.DoubleType, false)
          .add("predicted", DataTypes.LongType, false)
          .add("bucket_nll", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("bucket_count", DataTypes.createArrayType(DataTypes.LongType, false), false);

  private StateColumns() {}

  /** The schema plus the state struct column. */
  public static StructType addTo(StructType s) {
    return s.add(COLUMN, STATE, false);
  }

  /**
   * Appends the state struct.
   *
   * @param bytes UTF-8 bytes of the text consumed so far
   * @param totals score totals without the EOS term
   */
  public static void values(List<Object> row, long bytes, DocumentEnd end, ScoreTotals totals) {
    row.add(RowFactory.create(bytes, end.streamLength(), end.boundaryState(), boxed(end.tail()), totals.nll(),
        totals.predicted(), boxed(totals.bucketNll()), boxed(totals.bucketCount())));
  }

  /** Reads the record back from a state-table row whose columns start at {@code offset}. */
  public static StoredState read(String docId, Row r, int offset) {
    List<Integer> tail = r.getList(offset + 3);
    List<Double> bn = r.getList(offset + 6);
    List<Long> bc = r.getList(offset + 7);
    double[] bucketNll = new double[PositionBuckets.count()];
    long[] bucketCount = new long[PositionBuckets.count()];
    for (int i = 0; i < bucketNll.length; i++) {
      bucketNll[i] = bn.get(i);
      bucketCount[i] = bc.get(i);
    }
    int[] t = tail.stream().mapToInt(Integer::intValue).toArray();
    return new StoredState(docId, r.getLong(offset), r.getLong(offset + 1), (byte[]) r.get(offset + 2), t,
        new ScoreTotals(r.getDouble(offset + 4), r.getLong(offset + 5), bucketNll, bucketCount));
  }

  private static Object boxed(int[] a) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.stream(a).boxed().toList()).toSeq();
  }

  private static Object boxed(long[] a) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.stream(a).boxed().toList()).toSeq();
  }

  private static Object boxed(double[] a) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.stream(a).boxed().toList()).toSeq();
  }
}
