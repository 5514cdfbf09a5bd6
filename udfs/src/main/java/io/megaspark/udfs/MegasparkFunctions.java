package io.megaspark.udfs;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Registers Megaspark's Spark SQL functions on a session with one call, as temporary functions usable from
 * SQL, the DataFrame API ({@code callUDF}/{@code expr}) and PySpark ({@code spark.sql}):
 *
 * <pre>{@code
 * MegasparkFunctions.register(spark);   // options from spark.megaspark.* conf keys, else defaults
 * spark.sql("SELECT id, megaspark_score(text).ppl, megaspark_summarize(text, 3) FROM docs");
 * }</pre>
 *
 * <ul>
 *   <li>{@code megaspark_tokens(text)} bigint: token count ({@link TokensFunction});
 *   <li>{@code megaspark_score(text)} struct&lt;nll, tokens, ppl, bits_per_byte&gt; ({@link ScoreFunction});
 *   <li>{@code megaspark_embed(text)} array&lt;float&gt; ({@link EmbedFunction});
 *   <li>{@code megaspark_summarize(text, k)} array&lt;string&gt; ({@link SummarizeFunction}).
 * </ul>
 *
 * <p>Every function is null-safe (null in, null out) and deterministic. Registering loads nothing: each
 * executor JVM loads the model on its first call and shares it with all its tasks. A function processes
 * one document per call inside one task; the jobs (and their Java API) batch blocks of many documents per
 * model call, which pays on a GPU and with short blocks but not with the default blocks on a CPU (the package
 * overview and docs/notebooks.md have the measured difference).
 */
public final class MegasparkFunctions {
  /** The function names, in documentation order. */
  public static final List<String> NAMES =
      List.of(TokensFunction.NAME, ScoreFunction.NAME, EmbedFunction.NAME, SummarizeFunction.NAME);

  private MegasparkFunctions() {}

  /** Registers every function with the session's {@code spark.megaspark.*} settings ({@link FunctionOptions#of}). */
  public static void register(SparkSession spark) {
    register(spark, FunctionOptions.of(spark));
  }

  /** Registers every function with the given options. */
  public static void register(SparkSession spark, FunctionOptions options) {
    spark.udf().register(TokensFunction.NAME, new TokensFunction(options), TokensFunction.RETURN_TYPE);
    spark.udf().register(ScoreFunction.NAME, new ScoreFunction(options), ScoreFunction.RETURN_TYPE);
    spark.udf().register(EmbedFunction.NAME, new EmbedFunction(options), EmbedFunction.RETURN_TYPE);
    spark.udf().register(SummarizeFunction.NAME, new SummarizeFunction(options), SummarizeFunction.RETURN_TYPE);
  }
}
