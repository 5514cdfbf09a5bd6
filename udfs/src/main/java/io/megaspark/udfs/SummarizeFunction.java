package io.megaspark.udfs;

import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code megaspark_summarize(text, k)}: an extractive summary, the k sentences that best represent the
 * document by the model's own hidden states (maximal marginal relevance, lambda {@value #LAMBDA}, the
 * summarize job's default), verbatim and in document order; fewer when the text has fewer sentences. The
 * summarize job's {@code summary} column is these sentences joined by one space. Null text or k gives
 * null; k below 1 is an error.
 */
public final class SummarizeFunction implements UDF2<String, Integer, String[]> {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "megaspark_summarize";
  public static final DataType RETURN_TYPE = DataTypes.createArrayType(DataTypes.StringType, false);
  /** MMR relevance weight, as the summarize job's default {@code --lambda}. */
  public static final double LAMBDA = 0.7;

  private final ModelHandle model;

  /** With the options of the active Spark session (for {@code registerJavaFunction}). */
  public SummarizeFunction() {
    this(FunctionOptions.ofActiveSession());
  }

  public SummarizeFunction(FunctionOptions options) {
    this.model = new ModelHandle(options);
  }

  @Override
  public String[] call(String text, Integer k) {
    if (text == null || k == null) {
      return null;
    }
    if (k < 1) {
      throw UdfErrors.badSentenceCount(NAME, k);
    }
    return model.call(NAME, text, r -> r.summarize(text, k, LAMBDA)).toArray(new String[0]);
  }
}
