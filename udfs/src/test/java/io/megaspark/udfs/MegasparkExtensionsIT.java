package io.megaspark.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.udfs.document.Backend;
import io.megaspark.udfs.document.DocumentModels;
import io.megaspark.udfs.document.DocumentRunner;
import io.megaspark.udfs.document.ModelKey;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spark.sql.extensions: the functions exist in plain SQL with no registration call. */
class MegasparkExtensionsIT {
  @TempDir static Path dir;
  static SparkSession spark;
  static String model;

  @BeforeAll
  static void start() {
    model = TinyModels.save(dir.resolve("tiny"), 4).toString();
    spark = SparkSession.builder().master("local[2]").appName("udfs-extensions-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", MegasparkExtensions.class.getName())
        .config(FunctionOptions.MODEL, model)
        .config(FunctionOptions.BACKEND, "reference")
        .config(FunctionOptions.BLOCK_TOKENS, "32")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void functions_inPlainSql_needNoRegistration() {
    String text = TinyModels.text(6, 8);
    Row r = spark.sql("SELECT megaspark_tokens(t), megaspark_score(t).nll, size(megaspark_embed(t)),"
        + " megaspark_summarize(t, 2), megaspark_score(CAST(NULL AS STRING)) FROM VALUES ('" + text + "') AS v(t)").first();
    DocumentRunner runner = new DocumentRunner(DocumentModels.get(new ModelKey(model, Backend.REFERENCE, 0)), 32, true, model);
    assertEquals(runner.tokens(text), r.getLong(0));
    assertEquals(runner.score(text).nll(), r.getDouble(1), 0); // the same runner behind both
    assertEquals(64, r.getInt(2));
    assertEquals(runner.summarize(text, 2, SummarizeFunction.LAMBDA), r.getList(3));
    assertTrue(r.isNullAt(4));
  }

  @Test
  void describeFunction_showsUsage() {
    List<Row> rows = spark.sql("DESCRIBE FUNCTION megaspark_summarize").collectAsList();
    String all = rows.toString();
    assertTrue(all.contains("megaspark_summarize(text, k) - the k sentences that best represent the text"), all);
  }

  @Test
  void wrongArgumentCount_failsWithAnExample() {
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT megaspark_score('a', 'b')").collect());
    assertEquals("megaspark_score takes 1 argument, got 2; for example SELECT megaspark_score(text) FROM docs",
        MegasparkFunctionsIT.rootMessage(e, UdfException.class));
  }
}
