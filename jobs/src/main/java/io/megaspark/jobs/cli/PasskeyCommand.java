package io.megaspark.jobs.cli;

import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.OptionValues;
import io.megaspark.jobs.input.OnBadRecord;
import io.megaspark.jobs.io.OutputFormat;
import io.megaspark.jobs.passkey.PasskeyRun;
import io.megaspark.jobs.run.ModelOverrides;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.ModelRefs;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.spark.SparkSessions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code passkey}: the passkey retrieval test (docs/context-extension.md). Options merge like every job's
 * (defaults, then conf/jobs/passkey.conf, then the command line).
 */
@Command(
    name = "passkey",
    mixinStandardHelpOptions = true,
    description = "Passkey retrieval: per (length, depth), greedy exact match and mean log-probability of a 5-digit key"
        + " hidden in filler text; writes prompts, per-prompt rows, summary.csv and heatmap.png.")
final class PasskeyCommand implements Callable<Integer> {
  private static final String NAME = "passkey";

  @Spec CommandSpec spec;

  @Mixin SparkOptions spark = new SparkOptions();

  @Option(names = "--" + JobOptions.LENGTHS, description = "Prompt lengths in tokens, comma-separated (default: 1024,4096,16384).")
  String lengths;

  @Option(names = "--" + JobOptions.DEPTHS, description = "Depths of the key in percent, comma-separated (default: 0,25,50,75,100).")
  String depths;

  @Option(names = "--" + JobOptions.TRIALS, description = "Prompts per (length, depth), each with its own key (default: 3).")
  String trials;

  @Option(names = "--" + JobOptions.SEED, description = "Seed of the keys (default: 1234).")
  String seed;

  @Option(names = "--" + JobOptions.OUTPUT, description = "Output directory, written atomically; required.")
  String output;

  @Option(names = "--" + JobOptions.FORMAT, description = "Format of the per-prompt rows: parquet, json or csv (default: parquet).")
  String format;

  @Option(names = "--" + JobOptions.OVERWRITE, arity = "0..1", fallbackValue = "true", description = "Replace an existing output once the new one is complete.")
  String overwrite;

  @Option(names = "--" + JobOptions.MODEL, description = "Model directory (default: the bundled model), or factory:CLASS[:ARG].")
  String model;

  @Option(names = "--" + JobOptions.BACKEND, description = "tensorflow or reference (default: tensorflow).")
  String backend;

  @Option(names = "--" + JobOptions.PARTITIONS, description = "Partitions of the run stage (default: Spark's default parallelism).")
  String partitions;

  @Option(names = "--" + JobOptions.BLOCK_TOKENS, description = "Tokens per block, a multiple of the attention chunk (default: largest multiple up to 2048).")
  String blockTokens;

  @Option(names = "--" + JobOptions.BATCH_SIZE, description = "Prompts open at once per partition (default: 8).")
  String batchSize;

  @Option(names = "--" + JobOptions.CARRY_STATE, arity = "0..1", fallbackValue = "true", description = "Carry state from block to block; false resets it every block (default: true).")
  String carryState;

  @Option(names = "--" + JobOptions.CHUNK_SIZE, description = "Attention chunk at inference (default: the model's).")
  String chunkSize;

  @Option(names = "--" + JobOptions.ROPE, description = "RoPE scaling as a Hugging Face rope_scaling JSON object (default: the model's).")
  String rope;

  @Option(names = "--" + JobOptions.INFINI, description = "Infini-attention memory as JSON, e.g. '{\"enabled\":true}' (default: the model's).")
  String infini;

  @Override
  public Integer call() {
    OptionValues v = new OptionValues(JobOptions.resolve(NAME, given(),
        SparkSessions.home().resolve("conf/jobs/" + NAME + ".conf")));
    PasskeyRun.Settings settings = new PasskeyRun.Settings(ints(v, JobOptions.LENGTHS, 1),
        ints(v, JobOptions.DEPTHS, 0), v.integer(JobOptions.TRIALS, 1, 1 << 20),
        v.longValue(JobOptions.SEED, Long.MIN_VALUE));
    ModelOverrides overrides = ModelOverrides.from(v);
    ModelRef model = ModelRefs.parse(v.string(JobOptions.MODEL), v.string(JobOptions.BACKEND),
        SparkSessions.home(), overrides);
    RunOptions run = new RunOptions(v.integer(JobOptions.PARTITIONS, 0, 1 << 20),
        v.integer(JobOptions.BLOCK_TOKENS, 0, 1 << 24), v.integer(JobOptions.BATCH_SIZE, 1, 4096),
        v.bool(JobOptions.CARRY_STATE), OnBadRecord.FAIL, "id", "text");
    ModelRefs.check(model);
    ModelRefs.checkBlocks(model, run);
    String title = "passkey: " + v.string(JobOptions.MODEL) + ", carry-state " + run.carryState()
        + (overrides.chunkSize() > 0 ? ", chunk " + overrides.chunkSize() : "")
        + (overrides.rope().isEmpty() ? "" : ", rope " + overrides.rope())
        + (overrides.infini().isEmpty() ? "" : ", infini " + overrides.infini());
    List<String> conf = new ArrayList<>();
    conf.add("spark.executor.heartbeatInterval=2s");
    conf.addAll(spark.conf);
    SparkSession session = SparkSessions.create(spark.appName != null ? spark.appName : "megaspark-" + NAME,
        spark.master, conf);
    try {
      PasskeyRun.run(session, settings, model, run, v.string(JobOptions.OUTPUT),
          OutputFormat.parse(v.string(JobOptions.FORMAT)), v.bool(JobOptions.OVERWRITE), title, System.out::println);
    } finally {
      session.stop();
    }
    return 0;
  }

  private static int[] ints(OptionValues v, String key, int min) {
    String text = v.string(key);
    try {
      int[] out = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .mapToInt(Integer::parseInt).toArray();
      for (int x : out) {
        if (x < min || (key.equals(JobOptions.DEPTHS) && x > 100)) {
          throw new NumberFormatException();
        }
      }
      if (out.length == 0) {
        throw new NumberFormatException();
      }
      return out;
    } catch (NumberFormatException e) {
      throw JobErrors.badOption(key, text, key.equals(JobOptions.DEPTHS)
          ? "comma-separated percentages in 0..100" : "comma-separated positive integers");
    }
  }

  private Map<String, String> given() {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> valid = JobOptions.defaults(NAME);
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      String key = o.longestName().replaceFirst("^--", "");
      if (valid.containsKey(key)) {
        out.put(key, String.valueOf((Object) o.getValue()));
      }
    }
    return out;
  }
}
