package io.megaspark.jobs.longdoc;

import java.io.Serializable;
import org.apache.spark.TaskContext;

/**
 * Makes the first attempt of one task fail, to prove that a retried task changes nothing (the tests of
 * issue 10). Tasks are pure functions of their rows, so Spark's retry recomputes the same bytes.
 *
 * @param stage the stage name, as {@link ScanRunner} names them ("embed", "ema", "finish", "logits")
 * @param layer the layer (ignored for "embed" and "logits")
 * @param partition the partition whose first attempt fails
 */
public record FaultInjection(String stage, int layer, int partition) implements Serializable {
  /** Throws when this is the targeted task's first attempt. */
  void check(String stageName, int layerIndex) {
    TaskContext task = TaskContext.get();
    if (task != null && task.attemptNumber() == 0 && task.partitionId() == partition
        && stage.equals(stageName) && (layer == layerIndex || layerIndex < 0)) {
      throw new IllegalStateException("injected failure: stage " + stageName + ", layer " + layerIndex
          + ", partition " + partition + ", attempt 0");
    }
  }

  /** Calls {@link #check} when an injection is set. */
  static void maybeFail(FaultInjection fault, String stageName, int layerIndex) {
    if (fault != null) {
      fault.check(stageName, layerIndex);
    }
  }
}
