package io.megaspark.udfs;

import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code megaspark_embed(text)}: the document's embedding, D floats: the mean of the model's final hidden
 * states over every position, read with carried state (the {@code embedding} column of the embed job,
 * same values). Null in, null out.
 */
public final class EmbedFunction implements UDF1<String, float[]> {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "megaspark_embed";
  public static final DataType RETURN_TYPE = DataTypes.createArrayType(DataTypes.FloatType, false);

  private final ModelHandle model;

  /** With the options of the active Spark session (for {@code registerJavaFunction}). */
  public EmbedFunction() {
    this(FunctionOptions.ofActiveSession());
  }

  public EmbedFunction(FunctionOptions options) {
    this.model = new ModelHandle(options);
  }

  @Override
  public float[] call(String text) {
    return text == null ? null : model.call(NAME, text, r -> r.embed(text));
  }
}
