package io.megaspark.jobs.longdoc;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/** Counts tasks that failed with {@link FaultInjection}'s message, as the driver sees them. */
final class InjectedFailures extends SparkListener {
  private final AtomicInteger count = new AtomicInteger();

  static InjectedFailures register(SparkSession spark) {
    InjectedFailures l = new InjectedFailures();
    spark.sparkContext().addSparkListener(l);
    return l;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.reason() instanceof ExceptionFailure f && f.description().contains("injected failure")) {
      count.incrementAndGet();
    }
  }

  /** The count once it reaches {@code expected} or after 30 s (listener events arrive asynchronously). */
  int await(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (count.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return count.get();
  }
}
