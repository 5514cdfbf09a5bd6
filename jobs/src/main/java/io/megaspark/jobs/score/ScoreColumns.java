package io.megaspark.jobs.score;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The score columns, shared by {@code score} and {@code summarize} (docs/outputs.md). */
public final class ScoreColumns {
  public static final StructField DOC_ID = DataTypes.createStructField("doc_id", DataTypes.StringType, false);

  private ScoreColumns() {}

  /** Appends tokens, bytes, nll, ppl, bits_per_byte and ppl_by_position to a schema. */
  public static StructType add(StructType s) {
    return s.add("tokens", DataTypes.LongType, false)
        .add("bytes", DataTypes.LongType, false)
        .add("nll", DataTypes.DoubleType, false)
        .add("ppl", DataTypes.DoubleType, false)
        .add("bits_per_byte", DataTypes.DoubleType, true)
        .add("ppl_by_position", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false);
  }

  /**
   * Appends the values of the columns of {@link #add}.
   *
   * @param tokens the text's tokens (BOS and EOS not counted)
   */
  public static void values(List<Object> row, long tokens, long bytes, ScoreTotals t) {
    row.add(tokens);
    row.add(bytes);
    row.add(t.nll());
    row.add(t.ppl());
    row.add(t.bitsPerByte(bytes));
    row.add(scala.jdk.javaapi.CollectionConverters.asScala(t.pplByPosition()));
  }
}
