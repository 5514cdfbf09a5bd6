package io.megaspark.jobs;

import io.megaspark.jobs.longdoc.LongDocOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Every job option key, its default, and the jobs that take it; and the one place where option values are
 * merged. Precedence, later winning: these defaults, the job file {@code conf/jobs/<job>.conf} (if it
 * exists; properties syntax, keys as on the command line without "--"), the command line. An unknown key
 * in the job file or the command line fails and lists the valid keys.
 */
public final class JobOptions {
  public static final String INPUT = "input";
  public static final String INPUT_FORMAT = "input-format";
  public static final String ID_FIELD = "id-field";
  public static final String TEXT_FIELD = "text-field";
  public static final String RANGE_BYTES = "range-bytes";
  public static final String OUTPUT = "output";
  public static final String FORMAT = "format";
  public static final String OVERWRITE = "overwrite";
  public static final String MODEL = "model";
  public static final String BACKEND = "backend";
  public static final String PARTITIONS = "partitions";
  public static final String BLOCK_TOKENS = "block-tokens";
  public static final String BATCH_SIZE = "batch-size";
  public static final String ON_BAD_RECORD = "on-bad-record";
  public static final String CARRY_STATE = "carry-state";
  public static final String STATE_IN = "state-in";
  public static final String STATE_OUT = "state-out";
  public static final String LONG_DOC_MODE = "long-doc-mode";
  public static final String MAX_TOKENS_PER_TASK = "max-tokens-per-task";
  public static final String PER_BLOCK = "per-block";
  public static final String SENTENCES = "sentences";
  public static final String LAMBDA = "lambda";
  public static final String MODE = "mode";
  public static final String PROMPT = "prompt";
  public static final String MAX_NEW_TOKENS = "max-new-tokens";
  public static final String TEMPERATURE = "temperature";
  public static final String TOP_K = "top-k";
  public static final String TOP_P = "top-p";
  public static final String SEED = "seed";
  public static final String CHUNK_SIZE = "chunk-size";
  public static final String ROPE = "rope";
  public static final String INFINI = "infini";
  public static final String LENGTHS = "lengths";
  public static final String DEPTHS = "depths";
  public static final String TRIALS = "trials";
  /** Test hook: the first attempt of this partition's run task fails after one result (retry tests). */
  public static final String FAIL_FIRST_ATTEMPT = "test-fail-first-attempt-of-partition";

  /** The bundled model, relative to the Megaspark home directory. */
  public static final String BUNDLED_MODEL = "models/megaspark-bytes-small";

  /** The bundled sample corpus: its books only (samples/README.md is not a document). */
  public static final String SAMPLE_INPUT = "samples/*.txt";

  private static final Map<String, String> COMMON = ordered(
      INPUT, SAMPLE_INPUT, INPUT_FORMAT, "auto", ID_FIELD, "id", TEXT_FIELD, "text", RANGE_BYTES, "268435456",
      OUTPUT, "", FORMAT, "parquet", OVERWRITE, "false", MODEL, BUNDLED_MODEL, BACKEND, "tensorflow",
      PARTITIONS, "0", BLOCK_TOKENS, "0", BATCH_SIZE, "8", ON_BAD_RECORD, "fail", CARRY_STATE, "true",
      CHUNK_SIZE, "0", ROPE, "", INFINI, "", FAIL_FIRST_ATTEMPT, "-1");
  private static final Map<String, String> SAMPLING = ordered(
      TEMPERATURE, "0.7", TOP_K, "0", TOP_P, "0.9", SEED, "42");

  private JobOptions() {}

  /** The valid keys of a job and their defaults, in help order. */
  public static Map<String, String> defaults(String job) {
    Map<String, String> out = new LinkedHashMap<>(COMMON);
    switch (job) {
      case "score" -> out.putAll(ordered(STATE_IN, "", STATE_OUT, "", LONG_DOC_MODE, "auto",
          MAX_TOKENS_PER_TASK, String.valueOf(LongDocOptions.DEFAULT_MAX)));
      case "embed" -> out.putAll(ordered(PER_BLOCK, "false"));
      case "summarize" -> {
        out.putAll(ordered(SENTENCES, "3", LAMBDA, "0.7", MODE, "extractive", PROMPT, "\\n\\nSummary:",
            MAX_NEW_TOKENS, "64"));
        out.putAll(SAMPLING);
        out.put(TEMPERATURE, "0");
      }
      case "generate" -> {
        out.putAll(ordered(PROMPT, "", MAX_NEW_TOKENS, "128"));
        out.putAll(SAMPLING);
      }
      case "passkey" -> {
        // The prompts are generated, not read: no input options.
        out.keySet().removeAll(List.of(INPUT, INPUT_FORMAT, ID_FIELD, TEXT_FIELD, RANGE_BYTES, ON_BAD_RECORD));
        out.putAll(ordered(LENGTHS, "1024,4096,16384", DEPTHS, "0,25,50,75,100", TRIALS, "3", SEED, "1234"));
      }
      default -> throw new IllegalArgumentException("no job named " + job);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Merges defaults, the job file and the command line.
   *
   * @param given options given on the command line (or by an API caller), keys without "--"
   * @param jobFile the job file, or null for none (a missing file is fine)
   */
  public static Map<String, String> resolve(String job, Map<String, String> given, Path jobFile) {
    Map<String, String> out = new LinkedHashMap<>(defaults(job));
    if (jobFile != null && Files.isRegularFile(jobFile)) {
      Map<String, String> file = readJobFile(jobFile);
      check(job, file, "job file " + jobFile, out);
      out.putAll(file);
    }
    check(job, given, "the options of " + job, out);
    out.putAll(given);
    return out;
  }

  private static void check(String job, Map<String, String> values, String where, Map<String, String> valid) {
    for (String k : values.keySet()) {
      if (!valid.containsKey(k)) {
        List<String> keys = new ArrayList<>(valid.keySet());
        keys.remove(FAIL_FIRST_ATTEMPT);
        throw JobErrors.unknownKey(where, k, keys);
      }
    }
  }

  private static Map<String, String> readJobFile(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties p = new Properties();
      p.load(r);
      Map<String, String> out = new LinkedHashMap<>();
      for (String k : p.stringPropertyNames()) {
        out.put(k.trim(), p.getProperty(k).trim());
      }
      return out;
    } catch (IOException e) {
      throw new MegasparkException("cannot read job file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
