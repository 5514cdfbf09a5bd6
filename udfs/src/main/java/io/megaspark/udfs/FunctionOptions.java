package io.megaspark.udfs;

import io.megaspark.udfs.document.Backend;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The settings of Megaspark's SQL functions, and where they come from. Precedence: the options given to
 * {@link MegasparkFunctions#register(SparkSession, FunctionOptions)} as they are; otherwise the session's
 * Spark conf keys below ({@code --conf}, {@code spark.conf.set} before registering, a notebook's
 * interpreter settings); otherwise the defaults. Any other key under {@code spark.megaspark.} fails and
 * lists the valid ones, so a misspelt key is never silently ignored.
 *
 * @param model the model directory (config.json + model.safetensors), absolute, or relative to the
 *     working directory, to the Megaspark home ({@code -Dmegaspark.home} or {@code MEGASPARK_HOME}) or to
 *     the files shipped with {@code --archives}/{@code --files}; resolved on each executor
 * @param backend tensorflow (fast) or reference (float64 oracle, slow)
 * @param blockTokens T, tokens per block, a multiple of the model's chunk size; 0 = the largest multiple
 *     up to 2048 (the jobs' default)
 * @param carryState carry each document's state from block to block; false resets it at every block
 * @param threads TensorFlow intra-op threads per executor JVM, 0 = TensorFlow's default (all cores)
 */
public record FunctionOptions(String model, Backend backend, int blockTokens, boolean carryState, int threads)
    implements Serializable {
  public static final String PREFIX = "spark.megaspark.";
  public static final String MODEL = PREFIX + "model";
  public static final String BACKEND = PREFIX + "backend";
  public static final String BLOCK_TOKENS = PREFIX + "blockTokens";
  public static final String CARRY_STATE = PREFIX + "carryState";
  public static final String THREADS = PREFIX + "threads";
  /** Every key, in documentation order. */
  public static final List<String> KEYS = List.of(MODEL, BACKEND, BLOCK_TOKENS, CARRY_STATE, THREADS);
  /** The bundled model, relative to the Megaspark home. */
  public static final String BUNDLED_MODEL = "models/megaspark-bytes-small";

  public FunctionOptions {
    if (model == null || model.isBlank()) {
      throw UdfErrors.badOption(MODEL, String.valueOf(model), "a model directory");
    }
    Objects.requireNonNull(backend, "backend");
    if (blockTokens < 0) {
      throw UdfErrors.badOption(BLOCK_TOKENS, String.valueOf(blockTokens),
          "0 (automatic) or a positive multiple of the model's chunk size");
    }
    if (threads < 0) {
      throw UdfErrors.badOption(THREADS, String.valueOf(threads), "0 (TensorFlow's default) or a positive count");
    }
  }

  /** The bundled model, TensorFlow, automatic block size, carried state, TensorFlow's threads. */
  public static FunctionOptions defaults() {
    return new FunctionOptions(BUNDLED_MODEL, Backend.TENSORFLOW, 0, true, 0);
  }

  /** The defaults overridden by the session's {@code spark.megaspark.*} conf keys. */
  public static FunctionOptions of(SparkSession spark) {
    return fromConf(CollectionConverters.asJava(spark.conf().getAll()));
  }

  /**
   * The options of the active (else the default) session on this thread, or the defaults when there is
   * none: what a function class built by its no-argument constructor uses (PySpark's {@code
   * registerJavaFunction} builds it on the driver, then ships it with these options to the executors).
   */
  public static FunctionOptions ofActiveSession() {
    scala.Option<SparkSession> s = SparkSession.getActiveSession();
    if (s.isEmpty()) {
      s = SparkSession.getDefaultSession();
    }
    return s.isEmpty() ? defaults() : of(s.get());
  }

  /** The defaults overridden by the {@code spark.megaspark.*} entries of a conf map (other keys ignored). */
  public static FunctionOptions fromConf(Map<String, String> conf) {
    FunctionOptions o = defaults();
    for (Map.Entry<String, String> e : conf.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String v = e.getValue().trim();
      o = switch (key) {
        case MODEL -> o.withModel(v);
        case BACKEND -> o.withBackend(backend(v));
        case BLOCK_TOKENS -> o.withBlockTokens(integer(key, v));
        case CARRY_STATE -> o.withCarryState(bool(key, v));
        case THREADS -> o.withThreads(integer(key, v));
        default -> throw UdfErrors.unknownKey(key, KEYS);
      };
    }
    return o;
  }

  /** These options as Spark conf entries (for a session builder, PySpark or a notebook's settings). */
  public Map<String, String> toConf() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MODEL, model);
    m.put(BACKEND, backend.label());
    m.put(BLOCK_TOKENS, String.valueOf(blockTokens));
    m.put(CARRY_STATE, String.valueOf(carryState));
    m.put(THREADS, String.valueOf(threads));
    return m;
  }

  public FunctionOptions withModel(String m) {
    return new FunctionOptions(m, backend, blockTokens, carryState, threads);
  }

  public FunctionOptions withBackend(Backend b) {
    return new FunctionOptions(model, b, blockTokens, carryState, threads);
  }

  public FunctionOptions withBlockTokens(int t) {
    return new FunctionOptions(model, backend, t, carryState, threads);
  }

  public FunctionOptions withCarryState(boolean c) {
    return new FunctionOptions(model, backend, blockTokens, c, threads);
  }

  public FunctionOptions withThreads(int t) {
    return new FunctionOptions(model, backend, blockTokens, carryState, t);
  }

  private static Backend backend(String v) {
    Backend b = Backend.parseOrNull(v);
    if (b == null) {
      throw UdfErrors.badOption(BACKEND, v, "tensorflow or reference");
    }
    return b;
  }

  private static int integer(String key, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw UdfErrors.badOption(key, v, "a whole number");
    }
  }

  private static boolean bool(String key, String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw UdfErrors.badOption(key, v, "true or false");
    };
  }
}
