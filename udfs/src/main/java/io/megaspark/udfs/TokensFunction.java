package io.megaspark.udfs;

import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code megaspark_tokens(text)}: the text's token count under the model's tokenizer (BOS and EOS not
 * counted: the {@code tokens} column of the jobs). Reads only the model's config.json. Null in, null out.
 */
public final class TokensFunction implements UDF1<String, Long> {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "megaspark_tokens";
  public static final DataType RETURN_TYPE = DataTypes.LongType;

  private final ModelHandle model;

  /** With the options of the active Spark session (for {@code registerJavaFunction}). */
  public TokensFunction() {
    this(FunctionOptions.ofActiveSession());
  }

  public TokensFunction(FunctionOptions options) {
    this.model = new ModelHandle(options);
  }

  @Override
  public Long call(String text) {
    if (text == null) {
      return null;
    }
    try {
      return (long) model.tokenizer().encode(text).length;
    } catch (UdfException e) {
      throw e;
    } catch (RuntimeException e) {
      throw UdfErrors.callFailed(NAME, text, e);
    }
  }
}
