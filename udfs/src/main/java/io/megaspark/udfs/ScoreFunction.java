package io.megaspark.udfs;

import io.megaspark.udfs.document.DocumentScore;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code megaspark_score(text)}: a struct of nll (nats, summed over every predicted token, EOS included),
 * tokens (the text's tokens), ppl (exp(nll / (tokens + 1))) and bits_per_byte (nll / ln 2 / UTF-8 bytes;
 * null for an empty text): the columns of the score job, with the same values. Null in, null out.
 */
public final class ScoreFunction implements UDF1<String, Row> {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "megaspark_score";
  public static final StructType RETURN_TYPE = new StructType()
      .add("nll", DataTypes.DoubleType, false)
      .add("tokens", DataTypes.LongType, false)
      .add("ppl", DataTypes.DoubleType, false)
      .add("bits_per_byte", DataTypes.DoubleType, true);
  /** {@link #RETURN_TYPE} as DDL, for PySpark's {@code registerJavaFunction(name, class, returnType)}. */
  public static final String RETURN_TYPE_DDL = 
      "struct<nll:double not null,tokens:bigint not null,ppl:double not null,bits_per_byte:double>";

  private final ModelHandle model;

  /** With the options of the active Spark session (for {@code registerJavaFunction}). */
  public ScoreFunction() {
    this(FunctionOptions.ofActiveSession());
  }

  public ScoreFunction(FunctionOptions options) {
    this.model = new ModelHandle(options);
  }

  @Override
  public Row call(String text) {
    if (text == null) {
      return null;
    }
    DocumentScore s = model.call(NAME, text, r -> r.score(text));
    return RowFactory.create(s.nll(), s.tokens(), s.ppl(), s.bitsPerByte());
  }
}
