package io.megaspark.jobs.longdoc;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * The scan's activations between layers, persisted by Spark as row blocks: a local checkpoint at a given
 * storage level keeps every partition (and so every range's pieces) exactly as computed, cuts the
 * lineage (a retried task of the next layer reads these blocks, it never recomputes earlier layers) and,
 * unlike a columnar cache, holds rows of any size. Lazy: the first job over it computes and stores it.
 */
final class Checkpoints {
  private Checkpoints() {}

  static Dataset<Row> persist(Dataset<Row> rows, StorageLevel level) {
    return rows.localCheckpoint(false, level);
  }

  /** Drops a checkpoint's stored blocks once the next layer's are complete. */
  static void free(Dataset<Row> checkpointed) {
    if (checkpointed.queryExecution().logical() instanceof LogicalRDD l) {
      l.rdd().unpersist(false);
    }
  }
}
