package io.megaspark.jobs.progress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Follows a long accumulator while tasks are still running: executors report their tasks' partial
 * accumulator values with every heartbeat ({@code spark.executor.heartbeatInterval}), so the driver sees
 * progress inside a task that streams one huge document for an hour, not only when it ends. Finished
 * tasks are counted by the accumulator itself (Spark merges only successful attempts, so a retried task is
 * not counted twice).
 */
public final class ProgressListener extends SparkListener {
  private final LongAccumulator accumulator;
  private final Map<Long, Long> running = new ConcurrentHashMap<>();
  private volatile long highest;

  public ProgressListener(LongAccumulator accumulator) {
    this.accumulator = accumulator;
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t :
        CollectionConverters.asJava(update.accumUpdates())) {
      long taskId = (Long) t._1();
      for (AccumulableInfo info : CollectionConverters.asJava(t._4())) {
        if (info.id() == accumulator.id() && info.update().isDefined()) {
          Object v = info.update().get();
          if (v instanceof Long l) {
            running.put(taskId, l);
          }
        }
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    running.remove(end.taskInfo().taskId());
  }

  /** Finished tasks' total plus running tasks' partial values; never decreases. */
  public long value() {
    long v = accumulator.value();
    for (long r : running.values()) {
      v += r;
    }
    highest = Math.max(highest, v);
    return highest;
  }
}
