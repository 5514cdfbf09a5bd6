package io.megaspark.chunking.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.api.Encoding;
import io.megaspark.chunking.tokenize.ByteTokenizer;
import io.megaspark.chunking.tokenize.Gpt2Tokenizer;
import io.megaspark.chunking.tokenize.TokenSource;
import io.megaspark.chunking.tokenize.Tokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Tokenizer throughput on one core: the byte tokenizer and GPT-2 BPE, both streaming from bytes exactly
 * as a job does (UTF-8 decoding, safe cuts, framing included), next to jtokkit's own {@code
 * encodeOrdinary} on the same text already decoded to Strings, measured in the same run. Each figure is
 * the median over {@code repeats} measurements after one warm-up; a measurement repeats passes over the
 * corpus for at least {@link #MIN_MEASURE_NANOS} of CPU time so short inputs still time well. GPT-2 and jtokkit
 * measurements alternate so that both see the same machine load. MB = 10^6 input bytes.
 *
 * <p>Targets: byte level >= 200 MB/s per core; GPT-2 streaming within 10 percent of jtokkit. The last
 * line of the report is one JSON object with the figures ({@code bin/megaspark bench tokenize}).
 */
public final class TokenizerBenchmark {
  static final long MIN_MEASURE_NANOS = 200_000_000L;
  static final double BYTES_TARGET_MB_S = 200;
  static final double GPT2_TARGET_RATIO = 0.9;

  private TokenizerBenchmark() {}

  /** {@code TokenizerBenchmark [samplesDir=samples] [repeats=9]}: prints the report. */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "samples");
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    System.out.println(run(dir, repeats));
  }

  /** Runs the benchmark on every *.txt file of the directory; returns the report, JSON on its last line. */
  public static String run(Path samplesDir, int repeats) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats: " + repeats + ", must be >= 1");
    }
    List<byte[]> files = readCorpus(samplesDir);
    List<String> texts = files.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    long bytes = files.stream().mapToLong(b -> b.length).sum();
    Encoding jtokkit = Gpt2Tokenizer.instance().encoding();

    double[] byteRates = new double[repeats];
    double[] gpt2Rates = new double[repeats];
    double[] jtokkitRates = new double[repeats];
    for (int r = -1; r < repeats; r++) { // r = -1: warm-up, not recorded
      double b = measure(bytes, () -> streamAll(ByteTokenizer.instance(), files));
      double j = measure(bytes, () -> texts.forEach(jtokkit::encodeOrdinary));
      double g = measure(bytes, () -> streamAll(Gpt2Tokenizer.instance(), files));
      if (r >= 0) {
        byteRates[r] = b;
        jtokkitRates[r] = j;
        gpt2Rates[r] = g;
      }
    }
    return report(samplesDir, files.size(), bytes, repeats, median(byteRates), median(gpt2Rates),
        median(jtokkitRates));
  }

  private static String report(Path dir, int fileCount, long bytes, int repeats, double byteRate,
      double gpt2Rate, double jtokkitRate) {
    double ratio = gpt2Rate / jtokkitRate;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "tokenize");
    json.put("input", dir.toString());
    json.put("files", fileCount);
    json.put("input_bytes", bytes);
    json.put("repeats", repeats);
    json.put("clock", THREADS.isCurrentThreadCpuTimeSupported() ? "thread_cpu_time" : "wall_time");
    json.put("bytes_mb_s_per_core", round(byteRate));
    json.put("gpt2_mb_s_per_core", round(gpt2Rate));
    json.put("jtokkit_mb_s_per_core", round(jtokkitRate));
    json.put("gpt2_vs_jtokkit", round(ratio));
    json.put("bytes_target_met", byteRate >= BYTES_TARGET_MB_S);
    json.put("gpt2_target_met", ratio >= GPT2_TARGET_RATIO);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("tokenize benchmark: %d files, %,d bytes, median of %d repeats, one thread%n",
        fileCount, bytes, repeats));
    sb.append(String.format("  bytes   (streaming)       %9.1f MB/s per core   target >= %.0f%n", byteRate,
        BYTES_TARGET_MB_S));
    sb.append(String.format("  gpt2    (streaming)       %9.1f MB/s per core   %.1f%% of jtokkit, target >= %.0f%%%n",
        gpt2Rate, 100 * ratio, 100 * GPT2_TARGET_RATIO));
    sb.append(String.format("  jtokkit (encodeOrdinary)  %9.1f MB/s per core   on pre-decoded Strings%n",
        jtokkitRate));
    try {
      sb.append(new ObjectMapper().writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the benchmark JSON", e);
    }
    return sb.toString();
  }

  /**
   * MB/s of one measurement: passes over the corpus until MIN_MEASURE_NANOS of this thread's CPU time
   * have gone by. CPU time, not wall time: "per core" is what it means, and it stays meaningful on a
   * machine shared with other work (wall time counts the waits for a core).
   */
  private static double measure(long bytesPerPass, Runnable pass) {
    long start = cpuNanos();
    long passes = 0;
    long elapsed;
    do {
      pass.run();
      passes++;
      elapsed = cpuNanos() - start;
    } while (elapsed < MIN_MEASURE_NANOS);
    return bytesPerPass * passes / (elapsed / 1e9) / 1e6;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** This thread's CPU time, or wall time where the JVM cannot measure it. */
  private static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  private static long sink;

  /** Streams every file through the tokenizer as a job does, consuming the tokens. */
  private static void streamAll(Tokenizer tokenizer, List<byte[]> files) {
    int[] buf = new int[8192];
    long sum = 0;
    for (byte[] f : files) {
      try (TokenSource s = tokenizer.open(new ByteArrayInputStream(f))) {
        for (int n; (n = s.read(buf, 0, buf.length)) >= 0; ) {
          sum += n + buf[n - 1];
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    sink += sum; // keeps the JIT from dropping the work
  }

  private static List<byte[]> readCorpus(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      List<byte[]> out = new ArrayList<>();
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList()) {
        out.add(Files.readAllBytes(p));
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("no *.txt files in " + dir + " to benchmark");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the benchmark corpus " + dir, e);
    }
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
