package io.megaspark.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MegasparkFunctionsIT {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("udfs-test").config("spark.ui.enabled", "false").getOrCreate();
    MegasparkFunctions.register(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void megasparkTokens_fromSql_countsUtf8BytesPlusBosEosAndKeepsNull() {
    List<Row> rows =
        spark.sql("SELECT megaspark_tokens(t) FROM VALUES ('héllo'), (''), (CAST(NULL AS STRING)) AS v(t)").collectAsList();
    assertEquals(8L, rows.get(0).getLong(0));
    assertEquals(2L, rows.get(1).getLong(0));
    assertNull(rows.get(2).get(0));
  }
}
