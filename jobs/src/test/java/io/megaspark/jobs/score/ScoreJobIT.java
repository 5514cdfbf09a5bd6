package io.megaspark.jobs.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.input.InputFormat;
import io.megaspark.jobs.input.InputSpec;
import io.megaspark.jobs.io.OutputFormat;
import io.megaspark.jobs.run.JobRunner;
import io.megaspark.jobs.run.JobSpec;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.testing.Corpora;
import io.megaspark.jobs.testing.Oracle;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.jobs.testing.ToyModel;
import io.megaspark.jobs.testing.ToyModelFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scores do not depend on partitions, block size or batch size, and equal the model run without Spark. */
class ScoreJobIT {
  static SparkSession spark;
  @TempDir static Path dir;
  static Map<String, String> corpus;
  static Map<String, Double> expected = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    spark = TestSpark.local();
    corpus = Corpora.textFiles(dir.resolve("in"), 5, 23, 120);
    ToyModel model = (ToyModel) new ToyModelFactory().create("4,260,8,7");
    Tokenizer bytes = Tokenizers.byName("bytes");
    corpus.forEach((id, text) -> expected.put(id, Oracle.nll(model, bytes, text)));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @org.junit.jupiter.api.Test
  void score_jsonlAndParquetInputs_equalModelWithoutSpark() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    StringBuilder lines = new StringBuilder();
    List<Row> rows = new java.util.ArrayList<>();
    for (var e : corpus.entrySet()) {
      lines.append(json.writeValueAsString(Map.of("doc", e.getKey(), "body", e.getValue()))).append('\n');
      rows.add(org.apache.spark.sql.RowFactory.create(e.getKey(), e.getValue()));
    }
    java.nio.file.Files.createDirectories(dir.resolve("jsonl"));
    java.nio.file.Files.writeString(dir.resolve("jsonl/part.jsonl"), lines.toString());
    spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
            .add("doc", org.apache.spark.sql.types.DataTypes.StringType)
            .add("body", org.apache.spark.sql.types.DataTypes.StringType))
        .repartition(3).write().parquet(dir.resolve("pq").toString());
    for (String input : new String[] {"jsonl", "pq"}) {
      String out = dir.resolve("out-" + input).toString();
      JobRunner.run(spark, new JobSpec(new ScoreJob(false),
          new InputSpec(dir.resolve(input).toString(), InputFormat.AUTO, "doc", "body", 1 << 20), out,
          OutputFormat.PARQUET, false, ToyModelFactory.BYTES, RunOptions.defaults().withPartitions(3).withBlockTokens(8),
          null, null, -1), line -> {});
      List<Row> got = spark.read().parquet(out).collectAsList();
      assertEquals(corpus.size(), got.size(), input);
      for (Row r : got) {
        double want = expected.get(r.getString(0));
        assertEquals(want, r.getDouble(r.fieldIndex("nll")), 1e-9 * Math.max(1, want), input + " " + r.getString(0));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"1,4,1", "2,4,8", "7,4,8", "1,16,8", "2,16,1", "7,16,8"})
  void score_anyPartitionsBlockAndBatch_equalsModelWithoutSpark(int partitions, int blockTokens, int batch) {
    String out = dir.resolve("out-" + partitions + "-" + blockTokens + "-" + batch).toString();
    JobSpec spec = new JobSpec(new ScoreJob(false),
        new InputSpec(dir.resolve("in").toString(), InputFormat.AUTO, "id", "text", 1 << 20), out,
        OutputFormat.PARQUET, false, ToyModelFactory.BYTES,
        RunOptions.defaults().withPartitions(partitions).withBlockTokens(blockTokens).withBatchSize(batch),
        null, null, -1);
    JobRunner.run(spark, spec, line -> {});
    List<Row> rows = spark.read().parquet(out).collectAsList();
    assertEquals(corpus.size(), rows.size());
    for (Row r : rows) {
      String id = r.getString(0);
      double want = expected.get(id);
      assertEquals(want, r.getDouble(r.fieldIndex("nll")), 1e-3 * Math.abs(want), id); // 1e-3 relative
      assertEquals(corpus.get(id).getBytes(java.nio.charset.StandardCharsets.UTF_8).length, r.getLong(r.fieldIndex("tokens")), id);
    }
  }
}
