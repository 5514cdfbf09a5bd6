package io.megaspark.udfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * Finds a model directory on the JVM that runs a function (an executor's paths, not the driver's). An
 * absolute path is taken as it is. A relative one is tried, in order, against the working directory, the
 * Megaspark home ({@code -Dmegaspark.home}, else the {@code MEGASPARK_HOME} environment variable) and the
 * directory where Spark puts files shipped with {@code --archives} or {@code --files}; the first that holds
 * a config.json wins.
 */
final class ModelLocation {
  private ModelLocation() {}

  /** The absolute directory of {@code model} on this JVM. */
  static String resolve(String model) {
    List<Path> candidates = candidates(model);
    for (Path p : candidates) {
      if (Files.isRegularFile(p.resolve("config.json"))) {
        return p.toAbsolutePath().normalize().toString();
      }
    }
    List<String> tried = new ArrayList<>();
    candidates.forEach(p -> tried.add(p.toAbsolutePath().normalize().toString()));
    throw UdfErrors.modelMissing(model, tried);
  }

  private static List<Path> candidates(String model) {
    Path given = Path.of(model);
    if (given.isAbsolute()) {
      return List.of(given);
    }
    Set<Path> out = new LinkedHashSet<>();
    out.add(given.toAbsolutePath());
    String home = System.getProperty("megaspark.home", System.getenv("MEGASPARK_HOME"));
    if (home != null && !home.isBlank()) {
      out.add(Path.of(home).resolve(given));
    }
    if (SparkEnv.get() != null) {
      out.add(Path.of(SparkFiles.get(model)));
    }
    return new ArrayList<>(out);
  }
}
