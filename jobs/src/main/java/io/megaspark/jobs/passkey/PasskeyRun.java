package io.megaspark.jobs.passkey;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.input.InputFormat;
import io.megaspark.jobs.input.InputSpec;
import io.megaspark.jobs.io.AtomicOutput;
import io.megaspark.jobs.io.OutputFormat;
import io.megaspark.jobs.run.JobRunner;
import io.megaspark.jobs.run.JobSpec;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.run.StreamingJob;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code passkey} job end to end. Inside one output directory, committed atomically:
 *
 * <ol>
 *   <li>{@value #PROMPTS}: the generated prompts, one JSON line {@code {"id", "text"}} each;
 *   <li>{@value #DOCUMENTS}/: one row per prompt ({@link PasskeyJob}), run on Spark like any corpus;
 *   <li>{@value #SUMMARY}: one line per (length, depth) ({@link PasskeyCell});
 *   <li>{@value #HEATMAP}: the heatmap of both metrics.
 * </ol>
 *
 * The summary grids are also printed.
 */
public final class PasskeyRun {
  public static final String PROMPTS = "prompts.jsonl";
  public static final String DOCUMENTS = "documents";
  public static final String SUMMARY = "summary.csv";
  public static final String HEATMAP = "heatmap.png";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param lengths target prompt lengths in tokens
   * @param depths key depths in percent
   * @param trials prompts per (length, depth)
   * @param seed draws the keys
   */
  public record Settings(int[] lengths, int[] depths, int trials, long seed) {
    public Settings {
      Objects.requireNonNull(lengths, "lengths");
      Objects.requireNonNull(depths, "depths");
      if (lengths.length == 0 || depths.length == 0 || trials < 1) {
        throw new IllegalArgumentException("passkey needs at least one length, one depth and one trial");
      }
    }
  }

  private PasskeyRun() {}

  /**
   * Runs the task and writes {@code output}.
   *
   * @param title the heatmap's title (what was run)
   * @return the cells, also in {@value #SUMMARY}
   */
  public static List<PasskeyCell> run(SparkSession spark, Settings settings, ModelRef model, RunOptions run,
      String output, OutputFormat format, boolean overwrite, String title, Consumer<String> console) {
    Tokenizer tokenizer = Tokenizers.byName(StreamingJob.info(model).tokenizer());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    AtomicReference<List<PasskeyCell>> cells = new AtomicReference<>();
    AtomicOutput.commit(output, overwrite, conf, staging -> {
      Path dir = new Path(staging);
      Path prompts = new Path(dir, PROMPTS);
      writePrompts(prompts, settings, tokenizer, conf);
      String documents = new Path(dir, DOCUMENTS).toString();
      PasskeyJob job = new PasskeyJob(settings.seed());
      JobRunner.run(spark, new JobSpec(job, new InputSpec(prompts.toString(), InputFormat.JSONL, "id", "text",
          1L << 40), documents, format, false, model, run, null, null, -1), console);
      Dataset<Row> rows = spark.read().schema(job.schema()).format(format.name().toLowerCase(Locale.ROOT))
          .option("header", "true").load(documents);
      cells.set(PasskeySummary.cells(rows.collectAsList()));
      writeSummary(new Path(dir, SUMMARY), cells.get(), conf);
      try (OutputStream out = create(new Path(dir, HEATMAP), conf)) {
        PasskeyHeatmap.write(cells.get(), title, out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    console.accept(PasskeySummary.table(cells.get()).stripTrailing());
    return cells.get();
  }

  /** One JSON line per prompt, streamed: memory holds one prompt at a time. */
  static void writePrompts(Path file, Settings s, Tokenizer tokenizer, Configuration conf) {
    try (OutputStream out = create(file, conf);
        JsonGenerator json = JSON.getFactory().createGenerator(out)) {
      for (PasskeyPrompt p : PasskeyPrompts.plan(s.lengths(), s.depths(), s.trials(), s.seed())) {
        json.writeStartObject();
        json.writeStringField("id", p.id());
        json.writeStringField("text", PasskeyPrompts.text(p, tokenizer));
        json.writeEndObject();
        json.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new MegasparkException("cannot write passkey prompts " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeSummary(Path file, List<PasskeyCell> cells, Configuration conf) {
    StringBuilder sb = new StringBuilder(
        "length,depth,trials,accuracy,mean_logprob,mean_digits_matched,mean_tokens\n");
    for (PasskeyCell c : cells) {
      sb.append(String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.6f,%.1f%n", c.length(), c.depth(), c.trials(),
          c.accuracy(), c.meanLogProb(), c.meanDigitsMatched(), c.meanTokens()));
    }
    try (OutputStream out = create(file, conf)) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MegasparkException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static OutputStream create(Path file, Configuration conf) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    return fs.create(file, false);
  }
}
