package io.megaspark.jobs.progress;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Prints a progress line every few seconds while a stage runs: documents and tokens done out of the totals
 * known from the tokenize stage, tokens per second, and the time left at that rate, e.g.
 *
 * <pre>score: run 1,204/5,000 documents, 2.41M/9.80M tokens, 61.3K tokens/s, ETA 2m01s</pre>
 */
public final class ProgressReporter implements AutoCloseable {
  private final SparkContext sc;
  private final String prefix;
  private final ProgressListener documents;
  private final ProgressListener tokens;
  private final long totalDocuments;
  private final long totalTokens;
  private final Consumer<String> out;
  private final long start = System.nanoTime();
  private final ScheduledExecutorService timer;

  /**
   * @param totalDocuments documents expected, or -1 when unknown
   * @param tokens counts tokens done, or null for a stage that counts only documents
   * @param everyMillis time between lines
   */
  public ProgressReporter(SparkContext sc, String prefix, LongAccumulator documents, long totalDocuments,
      LongAccumulator tokens, long totalTokens, long everyMillis, Consumer<String> out) {
    this.sc = sc;
    this.prefix = prefix;
    this.documents = new ProgressListener(documents);
    this.tokens = tokens == null ? null : new ProgressListener(tokens);
    this.totalDocuments = totalDocuments;
    this.totalTokens = totalTokens;
    this.out = out;
    sc.addSparkListener(this.documents);
    if (this.tokens != null) {
      sc.addSparkListener(this.tokens);
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "megaspark-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> out.accept(line()), everyMillis, everyMillis, TimeUnit.MILLISECONDS);
  }

  /** The current progress line. */
  public String line() {
    double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    StringBuilder sb = new StringBuilder(prefix).append(' ')
        .append(totalDocuments < 0
            ? String.format(Locale.ROOT, "%,d documents", documents.value())
            : String.format(Locale.ROOT, "%,d/%,d documents", documents.value(), totalDocuments));
    if (tokens != null) {
      long done = tokens.value();
      double rate = done / secs;
      sb.append(", ").append(human(done)).append('/').append(human(totalTokens)).append(" tokens, ")
          .append(human((long) rate)).append(" tokens/s");
      if (rate > 0 && done < totalTokens) {
        sb.append(", ETA ").append(duration((totalTokens - done) / rate));
      }
    }
    return sb.toString();
  }

  /** Elapsed seconds since the reporter started. */
  public double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    sc.removeSparkListener(documents);
    if (tokens != null) {
      sc.removeSparkListener(tokens);
    }
  }

  /** 1234 -> "1.23K", 5600000 -> "5.60M". */
  public static String human(long n) {
    if (n < 1000) {
      return Long.toString(n);
    }
    String[] units = {"K", "M", "G", "T"};
    double v = n;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f%s" : v >= 10 ? "%.1f%s" : "%.2f%s", v, units[u]);
  }

  /** 125.4 -> "2m05s". */
  public static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }
}
