package io.megaspark.jobs.testing;

import io.megaspark.jobs.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** SparkSessions for tests: one per test class, UI off, Kryo with registration required. */
public final class TestSpark {
  private TestSpark() {}

  /** In-process Spark with two task threads. */
  public static SparkSession local() {
    return SparkSessions.create("megaspark-test", "local[2]", List.of("spark.ui.enabled=false", "spark.sql.shuffle.partitions=4"));
  }

  /**
   * A real multi-process cluster: two executor JVMs with one core and 1 GiB each, started from the test
   * classpath (STACK.md, "Facts that cost time to find").
   */
  public static SparkSession localCluster() {
    return localCluster("local-cluster[2,1,1024]", List.of());
  }

  /**
   * A real multi-process cluster with the given {@code local-cluster[workers,cores,memoryMiB]} master and
   * extra {@code key=value} settings (GPU resources in GpuSchedulingIT, for example).
   */
  public static SparkSession localCluster(String master, List<String> extraSettings) {
    String sparkHome = System.getenv("SPARK_HOME");
    if (sparkHome == null) {
      throw new IllegalStateException("SPARK_HOME is not set: run the tests through Maven (surefire sets it)");
    }
    try {
      Files.createDirectories(Path.of(sparkHome, "jars"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + sparkHome + "/jars", e);
    }
    String flags = System.getProperty("megaspark.test.executorJavaOptions", SparkSessions.executorJavaOptions());
    List<String> settings = new java.util.ArrayList<>(List.of(
        "spark.ui.enabled=false",
        "spark.sql.shuffle.partitions=4",
        "spark.executor.extraClassPath=" + System.getProperty("java.class.path"),
        "spark.executor.extraJavaOptions=" + flags,
        "spark.driver.host=127.0.0.1"));
    settings.addAll(extraSettings);
    return SparkSessions.create("megaspark-test-cluster", master, settings);
  }

  /** The project root (the directory with the parent pom), set by surefire. */
  public static Path projectRoot() {
    return Path.of(System.getProperty("megaspark.root", "..")).toAbsolutePath().normalize();
  }
}
