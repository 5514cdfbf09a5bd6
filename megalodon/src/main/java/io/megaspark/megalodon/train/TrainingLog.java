package io.megaspark.megalodon.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training log: one CSV row per optimizer step ({@code metrics.csv}) and one per held-out
 * evaluation ({@code eval.csv}). Rows are flushed as written, so a crashed or running job's log is
 * readable; on resume the log is cut back to the checkpoint's step before appending, so the file never
 * holds a step twice.
 */
public final class TrainingLog implements AutoCloseable {
  public static final String METRICS_HEADER = "step,loss,bits_per_token,lr,grad_norm,tokens,tokens_per_s";
  public static final String EVAL_HEADER = "step,heldout_bits_per_byte,heldout_tokens";

  /** One optimizer step: mean cross-entropy (nats per target token) and throughput. */
  public record StepRow(long step, double loss, double lr, double gradNorm, long tokens, double tokensPerSecond) {}

  /** One held-out evaluation. */
  public record EvalRow(long step, double bitsPerByte, long tokens) {}

  private final BufferedWriter metrics;
  private final BufferedWriter eval;

  private TrainingLog(BufferedWriter metrics, BufferedWriter eval) {
    this.metrics = metrics;
    this.eval = eval;
  }

  /**
   * Opens the log in {@code dir}, keeping rows with {@code step <= keepThroughStep} of existing files
   * (pass 0 for a fresh run) and appending after them.
   */
  public static TrainingLog open(Path dir, long keepThroughStep) {
    try {
      Files.createDirectories(dir);
      return new TrainingLog(
          reopen(dir.resolve("metrics.csv"), METRICS_HEADER, keepThroughStep),
          reopen(dir.resolve("eval.csv"), EVAL_HEADER, keepThroughStep));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the training log in " + dir, e);
    }
  }

  private static BufferedWriter reopen(Path file, String header, long keepThroughStep) throws IOException {
    List<String> kept = new ArrayList<>();
    kept.add(header);
    if (keepThroughStep > 0 && Files.exists(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        if (!line.isBlank() && Long.parseLong(line.substring(0, line.indexOf(','))) <= keepThroughStep) {
          kept.add(line);
        }
      }
    }
    Files.write(file, kept, StandardCharsets.UTF_8);
    return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  public void step(StepRow r) {
    write(metrics, String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6e,%.6f,%d,%.1f",
        r.step(), r.loss(), r.loss() / Math.log(2), r.lr(), r.gradNorm(), r.tokens(), r.tokensPerSecond()));
  }

  public void eval(EvalRow r) {
    write(eval, String.format(Locale.ROOT, "%d,%.6f,%d", r.step(), r.bitsPerByte(), r.tokens()));
  }

  private static void write(BufferedWriter w, String line) {
    try {
      w.write(line);
      w.newLine();
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the training log", e);
    }
  }

  @Override
  public void close() {
    try {
      metrics.close();
      eval.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the training log", e);
    }
  }

  /** Reads (x, y) pairs from a log CSV: column {@code xColumn} against {@code yColumn}. */
  public static List<double[]> readColumns(Path csv, String xColumn, String yColumn) {
    try {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      List<String> header = List.of(lines.get(0).split(","));
      int xi = header.indexOf(xColumn);
      int yi = header.indexOf(yColumn);
      if (xi < 0 || yi < 0) {
        throw new IllegalArgumentException(
            csv + ": expected columns " + xColumn + " and " + yColumn + ", found " + header);
      }
      List<double[]> points = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          String[] f = line.split(",");
          points.add(new double[] {Double.parseDouble(f[xi]), Double.parseDouble(f[yi])});
        }
      }
      return points;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv, e);
    }
  }
}
