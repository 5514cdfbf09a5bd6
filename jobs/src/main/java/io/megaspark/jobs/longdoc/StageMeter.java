package io.megaspark.jobs.longdoc;

import java.io.Serializable;
import java.util.Iterator;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Where a scan stage's task time goes, summed over its tasks in Spark accumulators: the whole time of a
 * task (reading the persisted activations, the model, persisting its output rows and reading them back)
 * and the part spent in the model kernel. The difference is the persistence and row I/O the benchmark
 * reports. A retried task counts twice.
 *
 * @param taskNanos nanoseconds from a task's start to its completion
 * @param kernelNanos nanoseconds inside {@link #kernel}
 * @param tokens tokens the kernel processed
 * @param bytes bytes of activations the stage wrote (to be persisted)
 */
record StageMeter(LongAccumulator taskNanos, LongAccumulator kernelNanos, LongAccumulator tokens,
    LongAccumulator bytes) implements Serializable {

  /** A meter whose accumulators are registered with {@code spark} under {@code name}. */
  static StageMeter register(org.apache.spark.SparkContext spark, String name) {
    return new StageMeter(spark.longAccumulator(name + " task ns"), spark.longAccumulator(name + " kernel ns"),
        spark.longAccumulator(name + " tokens"), spark.longAccumulator(name + " bytes"));
  }

  /** Counts activation bytes written. */
  byte[] written(byte[] x) {
    bytes.add(x.length);
    return x;
  }

  /** Runs {@code work} on {@code tokens} tokens, timing it as kernel time. */
  <T> T kernel(int tokenCount, Supplier<T> work) {
    long t0 = System.nanoTime();
    T out = work.get();
    kernelNanos.add(System.nanoTime() - t0);
    tokens.add(tokenCount);
    return out;
  }

  /**
   * {@code rows}, with the task timed from now (the stage function's call, before its first input row is
   * read) to the task's completion: that includes reading the persisted input rows, the kernel, and
   * whatever the task does with the output after the last row (persisting it, reading it back, collecting
   * it). Accumulator updates made in a completion listener still reach the driver with the task's result.
   */
  <T> Iterator<T> timed(Iterator<T> rows) {
    long start = System.nanoTime();
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) ctx -> taskNanos.add(System.nanoTime() - start));
    }
    return rows;
  }
}
