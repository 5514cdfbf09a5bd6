package io.megaspark.jobs.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.spark.SparkSessions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Running tasks' accumulator values reach the driver with executor heartbeats, before the tasks end. */
class ProgressListenerIT {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("megaspark-progress-test", "local[2]", List.of("spark.ui.enabled=false",
        "spark.executor.heartbeatInterval=300ms"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void value_showsWorkOfRunningTasks() throws Exception {
    LongAccumulator tokens = spark.sparkContext().longAccumulator("tokens");
    ProgressListener listener = new ProgressListener(tokens);
    spark.sparkContext().addSparkListener(listener);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    CompletableFuture<Void> job = CompletableFuture.runAsync(() -> jsc.parallelize(List.of(1, 2), 2).foreach(i -> {
      tokens.add(1000);
      Thread.sleep(4000);
    }));
    long seenWhileRunning = 0;
    while (!job.isDone()) {
      seenWhileRunning = Math.max(seenWhileRunning, tokens.value() == 0 ? listener.value() : 0);
      Thread.sleep(50);
    }
    job.get();
    assertTrue(seenWhileRunning > 0, "no in-flight progress seen before the tasks ended");
    assertEquals(2000, listener.value());
    spark.sparkContext().removeSparkListener(listener);
  }
}
