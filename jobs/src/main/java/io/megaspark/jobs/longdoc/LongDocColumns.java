package io.megaspark.jobs.longdoc;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.List;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Column names and row schemas of the long-document runs. Every carried state and summary travels as
 * bytes in a row (never in a closure), so tasks are pure functions of their rows and a retried task
 * recomputes exactly what the first attempt would have.
 */
public final class LongDocColumns {
  public static final String DOC_ID = "doc_id";
  public static final String TOKENS = "tokens";
  /** A document's state before its first token (StreamState bytes); null means the initial state. */
  public static final String STATE = "state";
  public static final String RANGE = "range";
  public static final String RANGES = "ranges";
  public static final String START = "start";
  /** First token of the next range, -1 for a document's last range. */
  public static final String NEXT_TOKEN = "next_token";
  /** Target of a document's last position (EOS in the score job's stream); null or -1 for none. */
  public static final String END_TARGET = "end_target";
  public static final String NLL = "nll";
  public static final String SCORED = "scored";
  public static final String MODE = "mode";
  public static final String PLAN = "plan";
  /** A piece of a range in the layer-wise scan: its index in the range, and the range's count. */
  public static final String PIECE = "piece";
  public static final String PIECES = "pieces";
  /** A piece's activations [T][D], see {@link Activations}. */
  public static final String X = "x";
  public static final String NORM_SUMMARY = "norm_summary";
  public static final String NORM_IN = "norm_in";
  public static final String EMA_SUMMARY = "ema_summary";
  public static final String EMA_IN = "ema_in";
  public static final String MEMORY_SUMMARY = "memory_summary";
  public static final String MEMORY_IN = "memory_in";

  /** Input documents: doc_id, tokens (the fed stream), optional state, optional end target. */
  public static final StructType DOCUMENTS = new StructType()
      .add(DOC_ID, StringType, false)
      .add(TOKENS, createArrayType(IntegerType, false), false)
      .add(STATE, BinaryType, true)
      .add(END_TARGET, IntegerType, true);

  /** One row per range; only range 0 carries the document's incoming state. */
  public static final StructType RANGE_ROWS = new StructType()
      .add(DOC_ID, StringType, false)
      .add(MODE, StringType, false)
      .add(RANGE, IntegerType, false)
      .add(RANGES, IntegerType, false)
      .add(START, LongType, false)
      .add(TOKENS, createArrayType(IntegerType, false), false)
      .add(NEXT_TOKEN, IntegerType, false)
      .add(STATE, BinaryType, true);

  /** The result, one row per document. */
  public static final StructType RESULTS = new StructType()
      .add(DOC_ID, StringType, false)
      .add(MODE, StringType, false)
      .add(RANGES, IntegerType, false)
      .add(NLL, DoubleType, false)
      .add(SCORED, LongType, false)
      .add(STATE, BinaryType, false)
      .add(PLAN, StringType, false);

  private LongDocColumns() {}

  /** Column names as the Scala sequence {@code Dataset.join(..., usingColumns)} takes. */
  public static Seq<String> using(String... names) {
    return CollectionConverters.asScala(List.of(names)).toSeq();
  }
}
