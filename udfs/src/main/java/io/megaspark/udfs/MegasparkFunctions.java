package io.megaspark.udfs;

import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Registers Megaspark's Spark SQL functions with one call: {@code MegasparkFunctions.register(spark)}.
 *
 * <p>Every function is null-safe: a null argument gives a null result.
 */
public final class MegasparkFunctions {
  private MegasparkFunctions() {}

  /** Registers every function on the session. */
  public static void register(SparkSession spark) {
    spark.udf().register("megaspark_tokens", new TokenCount(), DataTypes.LongType);
  }

  /**
   * {@code megaspark_tokens(text)}: the number of byte-level tokens of a document (its UTF-8 bytes plus
   * BOS and EOS), the bundled model's tokenizer.
   */
  static final class TokenCount implements UDF1<String, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long call(String text) {
      return text == null ? null : (long) text.getBytes(StandardCharsets.UTF_8).length + 2;
    }
  }
}
