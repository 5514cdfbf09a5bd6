package io.megaspark.jobs.spark;

import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.MegasparkException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * Owns SparkSession creation for the jobs. Settings are applied in this order, later winning:
 * Megaspark's defaults, {@code conf/spark-defaults.conf}, then {@code --conf} and {@code --master} from the
 * command line (STYLE.md, "Configuration").
 */
public final class SparkSessions {
  /** Settings every Megaspark session needs, whatever the conf files say. */
  static final Map<String, String> DEFAULTS =
      Map.of(
          "spark.master", "local[*]",
          "spark.ui.showConsoleProgress", "false",
          "spark.serializer", "org.apache.spark.serializer.KryoSerializer",
          "spark.kryo.registrator", "io.megaspark.jobs.spark.MegasparkKryoRegistrator",
          "spark.sql.shuffle.partitions", "8");

  private SparkSessions() {}

  /** The project root: {@code -Dmegaspark.home}, set by bin/megaspark, else the working directory. */
  public static Path home() {
    return Path.of(System.getProperty("megaspark.home", ".")).toAbsolutePath().normalize();
  }

  /** Merged settings for a job, in precedence order (see class comment). */
  public static Map<String, String> settings(String master, List<String> confArgs) {
    Map<String, String> out = new LinkedHashMap<>(DEFAULTS);
    out.putAll(readConfFile(home().resolve("conf/spark-defaults.conf")));
    for (String entry : confArgs) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw JobErrors.badConf(entry);
      }
      out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
    }
    if (master != null) {
      out.put("spark.master", master);
    }
    return out;
  }

  /** Gets or creates the session for a job. */
  public static SparkSession create(String appName, String master, List<String> confArgs) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    settings(master, confArgs).forEach(b::config);
    return b.getOrCreate();
  }

  /**
   * The JVM flags Spark needs on Java 17 (the --add-opens list and friends) as this JVM was started with
   * them, for executor JVMs of a {@code local-cluster} master ({@code spark.executor.extraJavaOptions}).
   */
  public static String executorJavaOptions() {
    StringBuilder sb = new StringBuilder();
    for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-modules") || arg.startsWith("-Djdk.reflect")
          || arg.startsWith("-Dio.netty") || arg.startsWith("-XX:+IgnoreUnrecognized")) {
        sb.append(arg).append(' ');
      }
    }
    return sb.toString().trim();
  }

  /** Reads a spark-defaults.conf style file (whitespace-separated key and value, # comments). */
  static Map<String, String> readConfFile(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      // Properties accepts "key value" as well as "key=value", as Spark's own loader does.
      Properties p = new Properties();
      p.load(r);
      for (String k : p.stringPropertyNames()) {
        out.put(k.trim(), p.getProperty(k).trim());
      }
    } catch (IOException e) {
      throw new MegasparkException("cannot read Spark settings file " + file + ": " + e.getMessage(), e);
    }
    return out;
  }
}
