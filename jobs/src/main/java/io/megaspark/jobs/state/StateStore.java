package io.megaspark.jobs.state;

import static org.apache.spark.sql.functions.col;

import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.input.BadDocument;
import io.megaspark.jobs.input.BadReason;
import io.megaspark.jobs.input.DocumentCount;
import io.megaspark.jobs.io.AtomicOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The state store of incremental runs (DESIGN.md, mode 3): a Parquet table with one row per document,
 * {@code doc_id} then the {@link StateColumns#STATE} columns, written atomically by {@code --state-out}
 * and read by {@code --state-in}.
 */
public final class StateStore {
  private StateStore() {}

  /** Writes the state column of a job's results as the state table. */
  public static void write(Dataset<Row> results, String target, boolean overwrite) {
    Dataset<Row> table = results.select(col("doc_id"), col(StateColumns.COLUMN + ".*"))
        .repartition(1).sortWithinPartitions("doc_id");
    AtomicOutput.commit(target, overwrite, results.sparkSession().sparkContext().hadoopConfiguration(),
        staging -> table.write().parquet(staging));
  }

  /** The stored states keyed by document id. */
  public static JavaPairRDD<String, StoredState> read(SparkSession spark, String dir) {
    Dataset<Row> table = table(spark, dir);
    return table.javaRDD().mapToPair(r -> new Tuple2<>(r.getString(0), StateColumns.read(r.getString(0), r, 1)));
  }

  /**
   * Marks documents whose text is now shorter than what the store has consumed: they were edited, not
   * appended to, and cannot be continued. Reads only two columns of the store.
   */
  public static List<DocumentCount> markShrunk(SparkSession spark, String dir, List<DocumentCount> counts) {
    List<Tuple2<String, Long>> pairs = new ArrayList<>();
    for (DocumentCount c : counts) {
      if (c.bad() == null && c.docId() != null) {
        pairs.add(new Tuple2<>(c.docId(), c.bytes()));
      }
    }
    Dataset<Row> now = spark.createDataset(pairs, Encoders.tuple(Encoders.STRING(), Encoders.LONG())).toDF("id", "bytes");
    Dataset<Row> stored = table(spark, dir).select(col("doc_id"), col("bytes_consumed"));
    List<Row> shrunk = stored.join(now, stored.col("doc_id").equalTo(now.col("id")))
        .where(col("bytes").lt(col("bytes_consumed"))).select("doc_id", "bytes_consumed").collectAsList();
    Map<String, Long> consumed = new HashMap<>();
    for (Row r : shrunk) {
      consumed.put(r.getString(0), r.getLong(1));
    }
    List<DocumentCount> out = new ArrayList<>(counts.size());
    for (DocumentCount c : counts) {
      Long had = c.bad() == null ? consumed.get(c.docId()) : null;
      out.add(had == null ? c : c.rejected(new BadDocument(BadReason.TEXT_SHRANK, c.path(), c.docId(), c.bytes(),
          "the state store " + dir + " has consumed " + had + " bytes but the text now has " + c.bytes()
              + "; incremental runs continue appended text only; drop the document from the store or run without"
              + " --state-in")));
    }
    return out;
  }

  private static Dataset<Row> table(SparkSession spark, String dir) {
    try {
      return spark.read().parquet(dir);
    } catch (Exception e) {
      throw new MegasparkException("cannot read the state store " + dir + ": " + e.getMessage()
          + "; --state-in needs a directory written by --state-out of an earlier score run", e);
    }
  }
}
