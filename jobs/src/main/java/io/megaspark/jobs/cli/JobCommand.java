package io.megaspark.jobs.cli;

import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.OptionValues;
import io.megaspark.jobs.input.InputFormat;
import io.megaspark.jobs.input.InputSpec;
import io.megaspark.jobs.io.OutputFormat;
import io.megaspark.jobs.run.DocumentJob;
import io.megaspark.jobs.run.JobRunner;
import io.megaspark.jobs.run.JobSpec;
import io.megaspark.jobs.run.ModelOverrides;
import io.megaspark.jobs.run.ModelRefs;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.spark.SparkSessions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every streaming job takes, and the run: options given on the command line are merged with
 * the job file and the defaults ({@link JobOptions#resolve}), then the job runs through {@link JobRunner}.
 * Option fields are strings without defaults so that "not given" is visible; values are parsed and
 * checked in one place ({@link OptionValues}).
 */
abstract class JobCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SparkOptions spark = new SparkOptions();

  @Option(names = "--" + JobOptions.INPUT, description = "File, directory or glob of documents (default: samples).")
  String input;

  @Option(names = "--" + JobOptions.INPUT_FORMAT, description = "auto, text (one document per file), jsonl or parquet (default: auto, from file names).")
  String inputFormat;

  @Option(names = "--" + JobOptions.ID_FIELD, description = "Id field of JSONL records and Parquet rows (default: id).")
  String idField;

  @Option(names = "--" + JobOptions.TEXT_FIELD, description = "Text field of JSONL records and Parquet rows (default: text).")
  String textField;

  @Option(names = "--" + JobOptions.RANGE_BYTES, description = "Text files larger than this are counted in parallel byte ranges (default: 256 MiB).")
  String rangeBytes;

  @Option(names = "--" + JobOptions.OUTPUT, description = "Output directory, written atomically; required.")
  String output;

  @Option(names = "--" + JobOptions.FORMAT, description = "parquet, json or csv (default: parquet).")
  String format;

  @Option(names = "--" + JobOptions.OVERWRITE, arity = "0..1", fallbackValue = "true", description = "Replace an existing output once the new one is complete.")
  String overwrite;

  @Option(names = "--" + JobOptions.MODEL, description = "Model directory (config.json + model.safetensors; default: the bundled model), or factory:CLASS[:ARG].")
  String model;

  @Option(names = "--" + JobOptions.BACKEND, description = "tensorflow (fast) or reference (float64 oracle, slow) (default: tensorflow).")
  String backend;

  @Option(names = "--" + JobOptions.PARTITIONS, description = "Partitions of the run stage (default: Spark's default parallelism).")
  String partitions;

  @Option(names = "--" + JobOptions.BLOCK_TOKENS, description = "Tokens per block, a multiple of the chunk size (default: largest multiple up to 2048).")
  String blockTokens;

  @Option(names = "--" + JobOptions.BATCH_SIZE, description = "Documents open at once per partition, rows per model call (default: 8).")
  String batchSize;

  @Option(names = "--" + JobOptions.ON_BAD_RECORD, description = "fail (stop, write nothing) or skip (leave out and count) (default: fail).")
  String onBadRecord;

  @Option(names = "--" + JobOptions.CARRY_STATE, arity = "0..1", fallbackValue = "true", description = "Carry each document's state from block to block; false resets it every block (default: true).")
  String carryState;

  @Option(names = "--" + JobOptions.CHUNK_SIZE, description = "Attention chunk at inference, if not the trained one; blocks become multiples of it (default: the model's).")
  String chunkSize;

  @Option(names = "--" + JobOptions.ROPE, description = "RoPE scaling as a Hugging Face rope_scaling JSON object, e.g. '{\"rope_type\":\"yarn\",\"factor\":4}' (default: the model's).")
  String rope;

  @Option(names = "--" + JobOptions.INFINI, description = "Infini-attention memory as JSON, e.g. '{\"enabled\":true,\"update\":\"linear\"}' (default: the model's).")
  String infini;

  @Option(names = "--" + JobOptions.FAIL_FIRST_ATTEMPT, hidden = true, description = "Test hook: fail the first attempt of this partition.")
  String failFirstAttempt;

  /** The job's name (also its job file name). */
  abstract String name();

  /** The job from resolved options. */
  abstract DocumentJob job(OptionValues v);

  /** State store directories (score only). */
  String[] stateDirs(OptionValues v) {
    return new String[] {null, null};
  }

  @Override
  public Integer call() {
    JobSpec jobSpec = jobSpec(given());
    String app = spark.appName != null ? spark.appName : "megaspark-" + name();
    List<String> conf = new ArrayList<>();
    // Heartbeats carry running tasks' progress to the driver (ProgressListener).
    conf.add("spark.executor.heartbeatInterval=2s");
    conf.addAll(spark.conf);
    SparkSession session = SparkSessions.create(app, spark.master, conf);
    try {
      java.io.PrintWriter out = spec.commandLine().getOut();
      JobRunner.run(session, jobSpec, line -> {
        out.println(line);
        out.flush();
      });
    } finally {
      session.stop();
    }
    return 0;
  }

  /**
   * The job as the command line would run it with these options (keys without "--"), merged with the job
   * file and the defaults; the model reference is checked. Benchmarks use it to run exactly what a user runs.
   */
  JobSpec jobSpec(Map<String, String> given) {
    OptionValues v = new OptionValues(JobOptions.resolve(name(), given,
        SparkSessions.home().resolve("conf/jobs/" + name() + ".conf")));
    DocumentJob job = job(v);
    String[] state = stateDirs(v);
    JobSpec jobSpec = new JobSpec(job,
        new InputSpec(v.string(JobOptions.INPUT), InputFormat.parse(v.string(JobOptions.INPUT_FORMAT)),
            v.string(JobOptions.ID_FIELD), v.string(JobOptions.TEXT_FIELD), v.longValue(JobOptions.RANGE_BYTES, 1)),
        v.string(JobOptions.OUTPUT), OutputFormat.parse(v.string(JobOptions.FORMAT)), v.bool(JobOptions.OVERWRITE),
        ModelRefs.parse(v.string(JobOptions.MODEL), v.string(JobOptions.BACKEND), SparkSessions.home(),
            ModelOverrides.from(v)),
        RunOptions.from(v), state[0], state[1], v.integer(JobOptions.FAIL_FIRST_ATTEMPT, -1, Integer.MAX_VALUE));
    ModelRefs.check(jobSpec.model());
    ModelRefs.checkBlocks(jobSpec.model(), jobSpec.run());
    return jobSpec;
  }

  /** The options given on the command line, keys without "--" (Spark's own options left out). */
  Map<String, String> given() {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> valid = JobOptions.defaults(name());
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      String key = o.longestName().replaceFirst("^--", "");
      if (valid.containsKey(key)) {
        out.put(key, String.valueOf((Object) o.getValue()));
      }
    }
    return out;
  }
}
