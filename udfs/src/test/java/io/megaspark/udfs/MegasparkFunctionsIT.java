package io.megaspark.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.udfs.document.Backend;
import io.megaspark.udfs.document.DocumentModels;
import io.megaspark.udfs.document.DocumentRunner;
import io.megaspark.udfs.document.DocumentScore;
import io.megaspark.udfs.document.ModelKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL functions on a local session with a tiny random model: types, nulls, sharing, the PySpark route. */
class MegasparkFunctionsIT {
  @TempDir static Path dir;
  static SparkSession spark;
  static String model;
  static final List<String> TEXTS = new ArrayList<>();

  @BeforeAll
  static void start() {
    model = TinyModels.save(dir.resolve("tiny"), 21).toString();
    spark = SparkSession.builder().master("local[2]").appName("udfs-test")
        .config("spark.ui.enabled", "false")
        .config(FunctionOptions.MODEL, model)
        .config(FunctionOptions.BLOCK_TOKENS, "64")
        .config(FunctionOptions.THREADS, "1")
        .getOrCreate();
    MegasparkFunctions.register(spark);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      TEXTS.add(TinyModels.text(1 + 3 * i, i));
      rows.add(RowFactory.create("d" + i, TEXTS.get(i)));
    }
    rows.add(RowFactory.create("empty", ""));
    rows.add(RowFactory.create("null", null));
    StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
    spark.createDataFrame(rows, schema).repartition(3).createOrReplaceTempView("docs");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static DocumentRunner runner(boolean carry) {
    return new DocumentRunner(DocumentModels.get(new ModelKey(model, Backend.TENSORFLOW, 1)), 64, carry, model);
  }

  @Test
  void everyFunction_nullArgument_givesNull() {
    Row r = spark.sql("SELECT megaspark_tokens(t), megaspark_score(t), megaspark_embed(t), megaspark_summarize(t, 2),"
        + " megaspark_summarize('A b. C d.', CAST(NULL AS INT)) FROM VALUES (CAST(NULL AS STRING)) AS v(t)").first();
    for (int i = 0; i < 5; i++) {
      assertNull(r.get(i), "column " + i);
    }
  }

  @Test
  void results_areTypedColumns() {
    StructType s = spark.sql("SELECT megaspark_tokens(text) AS tokens, megaspark_score(text) AS score,"
        + " megaspark_embed(text) AS embedding, megaspark_summarize(text, 2) AS summary FROM docs").schema();
    assertEquals(DataTypes.LongType, s.apply("tokens").dataType());
    assertEquals(ScoreFunction.RETURN_TYPE, s.apply("score").dataType());
    assertEquals(DataTypes.createArrayType(DataTypes.FloatType, false), s.apply("embedding").dataType());
    assertEquals(DataTypes.createArrayType(DataTypes.StringType, false), s.apply("summary").dataType());
    assertEquals(ScoreFunction.RETURN_TYPE, DataType.fromDDL(ScoreFunction.RETURN_TYPE_DDL));
  }

  @Test
  void score_fromSql_equalsTheRunnerOnEveryDocument() {
    List<Row> rows = spark.sql("SELECT id, text, megaspark_score(text) AS s, megaspark_tokens(text) AS n FROM docs"
        + " WHERE text IS NOT NULL").collectAsList();
    assertEquals(7, rows.size());
    for (Row r : rows) {
      DocumentScore want = runner(true).score(r.getString(1));
      Row s = r.getStruct(2);
      assertEquals(want.nll(), s.getDouble(0), 0, r.getString(0)); // same model, graph and fold: bit for bit
      assertEquals(want.tokens(), s.getLong(1), r.getString(0));
      assertEquals(want.ppl(), s.getDouble(2), 0, r.getString(0));
      assertEquals(want.bitsPerByte(), s.isNullAt(3) ? null : s.getDouble(3), r.getString(0));
      assertEquals(want.tokens(), r.getLong(3), r.getString(0));
    }
  }

  @Test
  void model_isLoadedOncePerJvmAndSharedByConcurrentTasks() {
    int before = DocumentModels.loadCount();
    spark.sql("SELECT megaspark_embed(text) FROM docs").collectAsList(); // 3 partitions on 2 task threads
    int afterFirst = DocumentModels.loadCount();
    spark.sql("SELECT megaspark_score(text), megaspark_summarize(text, 1) FROM docs").collectAsList();
    assertTrue(afterFirst - before <= 1, "at most one load for the session's model, got " + (afterFirst - before));
    assertEquals(afterFirst, DocumentModels.loadCount());
  }

  @Test
  void registerJava_asPySparkDoes_givesTheSameResults() {
    var udf = (org.apache.spark.sql.classic.UDFRegistration) spark.udf();
    // PySpark's spark.udf.registerJavaFunction(name, class, returnType) calls exactly this
    udf.registerJava("py_tokens", TokensFunction.class.getName(), null);
    udf.registerJava("py_score", ScoreFunction.class.getName(), DataType.fromDDL(ScoreFunction.RETURN_TYPE_DDL));
    udf.registerJava("py_embed", EmbedFunction.class.getName(), null);
    udf.registerJava("py_summarize", SummarizeFunction.class.getName(), null);
    Dataset<Row> both = spark.sql("SELECT megaspark_tokens(text) = py_tokens(text), megaspark_score(text) = py_score(text),"
        + " megaspark_embed(text) = py_embed(text), megaspark_summarize(text, 2) = py_summarize(text, 2) FROM docs"
        + " WHERE text IS NOT NULL");
    for (Row r : both.collectAsList()) {
      for (int i = 0; i < 4; i++) {
        assertTrue(r.getBoolean(i), "function " + i + " agrees");
      }
    }
  }

  @Test
  void carryState_false_changesTheScoreOfMultiBlockDocuments() {
    MegasparkFunctions.register(spark, FunctionOptions.of(spark).withCarryState(false));
    try {
      Row r = spark.sql("SELECT megaspark_score(text).nll FROM docs WHERE id = 'd5'").first();
      assertEquals(runner(false).score(TEXTS.get(5)).nll(), r.getDouble(0), 0);
      assertNotEquals(runner(true).score(TEXTS.get(5)).nll(), r.getDouble(0));
    } finally {
      MegasparkFunctions.register(spark);
    }
  }

  @Test
  void missingModel_failsNamingWhereItLooked() {
    spark.udf().register("lost_score", new ScoreFunction(FunctionOptions.of(spark).withModel("no/such/model")),
        ScoreFunction.RETURN_TYPE);
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT lost_score('x')").collect());
    String m = rootMessage(e, UdfException.class);
    assertTrue(m.startsWith("model not found: 'no/such/model' is not a model directory with config.json on this JVM"
        + " (tried "), m);
    assertTrue(m.contains("set spark.megaspark.model to a shared path"), m);
  }

  @Test
  void summarize_sentenceCountBelowOne_failsWithTheRule() {
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT megaspark_summarize('A b. C d.', 0)").collect());
    assertEquals("megaspark_summarize: the sentence count k is 0, it must be at least 1; call it as"
        + " megaspark_summarize(text, 3)", rootMessage(e, UdfException.class));
  }

  /** The message of the first exception of the given type in the cause chain. */
  static String rootMessage(Throwable t, Class<?> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return c.getMessage();
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in the cause chain", t);
  }
}
