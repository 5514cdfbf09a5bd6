package io.megaspark.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.testing.TestSpark;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exercises the multi-process path: executors are separate JVMs, data crosses the wire with Kryo. */
class LocalClusterIT {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.localCluster();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void localCluster_tasksRunInExecutorJvmsAndShuffleWithKryo() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    assertEquals("org.apache.spark.serializer.KryoSerializer", jsc.getConf().get("spark.serializer"));
    assertEquals("true", jsc.getConf().get("spark.kryo.registrationRequired"));

    String driverPid = ManagementFactory.getRuntimeMXBean().getName();
    List<String> pids =
        jsc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
            .map(i -> ManagementFactory.getRuntimeMXBean().getName())
            .collect();
    Set<String> distinct = new HashSet<>(pids);
    assertTrue(!distinct.contains(driverPid), "tasks must not run in the driver JVM: " + distinct);

    // A shuffle of float arrays through Kryo (registration required) across executor JVMs.
    long n =
        jsc.parallelize(List.of(1, 2, 3, 4, 5, 6), 3)
            .mapToPair(i -> new scala.Tuple2<>(i % 2, new float[] {i}))
            .groupByKey(2)
            .count();
    assertEquals(2, n);
  }
}
