package io.megaspark.jobs.input;

import static org.apache.spark.sql.functions.col;

import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.io.InputPaths;
import io.megaspark.jobs.io.InputPaths.InputFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A job's input documents, read the same way every time it is computed (the tokenize stage and the run
 * stage each read it; the order and ids never change between the two).
 *
 * @param documents every document, including invalid records
 * @param files the text-file documents when the input is text files (listed on the driver), else null:
 *     the tokenize stage splits the large ones into byte ranges
 */
public record Corpus(JavaRDD<Document> documents, List<Document> files) {

  /** Reads an input path in its format. */
  public static Corpus read(SparkSession spark, InputSpec spec) {
    List<InputFile> listed = InputPaths.listFiles(spark, spec.path());
    InputFormat format = spec.format() == InputFormat.AUTO ? detect(listed, spec.path()) : spec.format();
    return switch (format) {
      case TEXT -> textFiles(spark, spec, listed);
      case JSONL -> jsonl(spark, spec, listed);
      case PARQUET -> parquet(spark, spec, listed);
      case AUTO -> throw new IllegalStateException("format was detected above");
    };
  }

  /** Documents from a Dataset with an id and a text column (the notebook API). */
  public static Corpus fromDataset(Dataset<Row> rows, String idField, String textField) {
    requireColumns(rows, "the dataset", idField, textField);
    Dataset<Row> selected = rows.select(col(idField).cast("string"), col(textField).cast("string"));
    JavaRDD<Document> docs = selected.javaRDD().zipWithIndex()
        .map(t -> toDocument(t._1(), "dataset", t._2(), t._2()));
    return new Corpus(docs, null);
  }

  private static InputFormat detect(List<InputFile> files, String input) {
    InputFormat first = null;
    for (InputFile f : files) {
      InputFormat fmt = InputFormat.ofFileName(new Path(f.path()).getName());
      if (first != null && fmt != first) {
        throw JobErrors.mixedInputFormats(input, first, fmt, f.path());
      }
      first = fmt;
    }
    return first;
  }

  private static Corpus textFiles(SparkSession spark, InputSpec spec, List<InputFile> listed) {
    Path root = DocumentIds.qualifiedRoot(spark.sparkContext().hadoopConfiguration(), spec.path());
    List<Document> docs = new ArrayList<>(listed.size());
    for (int i = 0; i < listed.size(); i++) {
      InputFile f = listed.get(i);
      String id = DocumentIds.of(root, new Path(f.path()));
      docs.add(new Document(i, id, new DocumentSource.FileText(f.path(), f.length())));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(1, Math.min(docs.size(), jsc.defaultParallelism()));
    return new Corpus(jsc.parallelize(docs, slices), docs);
  }

  private static Corpus jsonl(SparkSession spark, InputSpec spec, List<InputFile> listed) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    List<scala.Tuple2<InputFile, Long>> indexed = new ArrayList<>();
    for (int i = 0; i < listed.size(); i++) {
      indexed.add(new scala.Tuple2<>(listed.get(i), (long) i));
    }
    String idField = spec.idField();
    String textField = spec.textField();
    int slices = Math.max(1, Math.min(listed.size(), jsc.defaultParallelism()));
    JavaRDD<Document> docs = jsc.parallelize(indexed, slices).flatMap(t -> {
      Path p = new Path(t._1().path());
      return new JsonlReader(p.getFileSystem(conf.value().value()).open(p), t._1().path(), t._2(), idField,
          textField);
    });
    return new Corpus(docs, null);
  }

  private static Corpus parquet(SparkSession spark, InputSpec spec, List<InputFile> listed) {
    String[] paths = listed.stream().map(InputFile::path).toArray(String[]::new);
    Dataset<Row> table = spark.read().parquet(paths);
    requireColumns(table, "the Parquet input " + spec.path(), spec.idField(), spec.textField());
    Map<String, Long> fileIndex = new HashMap<>();
    for (int i = 0; i < paths.length; i++) {
      fileIndex.put(Path.getPathWithoutSchemeAndAuthority(new Path(paths[i])).toString(), (long) i);
    }
    Dataset<Row> rows = table.select(col(spec.idField()).cast("string"), col(spec.textField()).cast("string"),
        col("_metadata.file_path"), col("_metadata.row_index"));
    JavaRDD<Document> docs = rows.javaRDD().map(r -> {
      String file = r.getString(2);
      Long index = fileIndex.get(Path.getPathWithoutSchemeAndAuthority(new Path(file)).toString());
      long row = r.getLong(3);
      return toDocument(r, file, ((index == null ? 0 : index) << 40) + row, row);
    });
    return new Corpus(docs, null);
  }

  /** A document from a row whose first two columns are id and text (strings). */
  private static Document toDocument(Row r, String path, long ordinal, long offset) {
    String id = r.isNullAt(0) ? null : r.getString(0);
    if (id == null) {
      return new Document(ordinal, null, new DocumentSource.Invalid(
          new BadDocument(BadReason.NULL_ID, path, null, offset, "null id in row " + offset)));
    }
    if (r.isNullAt(1)) {
      return new Document(ordinal, id, new DocumentSource.Invalid(
          new BadDocument(BadReason.MISSING_TEXT, path, id, offset, "null text in row " + offset)));
    }
    return new Document(ordinal, id, new DocumentSource.InlineText(r.getString(1), path, offset));
  }

  private static void requireColumns(Dataset<Row> rows, String what, String... names) {
    List<String> have = Arrays.asList(rows.columns());
    for (String n : names) {
      if (!have.contains(n)) {
        throw JobErrors.missingColumn(what, n, have);
      }
    }
  }
}
