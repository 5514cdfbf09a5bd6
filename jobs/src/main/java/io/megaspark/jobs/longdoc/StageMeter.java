package io.megaspark.jobs.longdoc;

import java.io.Serializable;
import java.util.Iterator;
import java.util.function.Supplier;
import org.apache.spark.util.LongAccumulator;

/**
 * Where a scan stage's task time goes, summed over its tasks in two Spark accumulators: the whole time a
 * task spends in its partition (reading the persisted activations, the model, handing rows on to the
 * block store that persists them) and the part spent in the model kernel. The difference is the
 * persistence and row I/O the benchmark reports. A retried task counts twice.
 *
 * @param taskNanos nanoseconds from a task's first row to its last
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

  /** {@code rows}, timed from the first call to exhaustion. */
  <T> Iterator<T> timed(Iterator<T> rows) {
    return new Iterator<>() {
      private long start = -1;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (start < 0) {
          start = System.nanoTime();
        }
        boolean more = rows.hasNext();
        if (!more && !done) {
          done = true;
          taskNanos.add(System.nanoTime() - start);
        }
        return more;
      }

      @Override
      public T next() {
        if (start < 0) {
          start = System.nanoTime();
        }
        return rows.next();
      }
    };
  }
}
