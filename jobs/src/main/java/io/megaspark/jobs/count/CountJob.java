package io.megaspark.jobs.count;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.io.AtomicOutput;
import io.megaspark.jobs.io.InputPaths;
import io.megaspark.jobs.io.InputPaths.InputFile;
import java.io.IOException;
import java.io.InputStream;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The simplest real job: reads every file of a corpus as one document and counts bytes, lines and
 * byte-level tokens (one per byte plus BOS and EOS, the bundled model's convention). Files are streamed,
 * so a file of any size is counted in constant memory.
 */
public final class CountJob {
  /** Totals over the corpus. */
  public record Summary(long documents, long bytes, long lines, long tokens) {}

  static final StructType SCHEMA =
      new StructType()
          .add("doc_id", DataTypes.StringType, false)
          .add("bytes", DataTypes.LongType, false)
          .add("lines", DataTypes.LongType, false)
          .add("tokens", DataTypes.LongType, false);

  private CountJob() {}

  public static Summary run(SparkSession spark, String input, String output, boolean overwrite) {
    List<InputFile> files = InputPaths.listFiles(spark, input);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    var conf = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism()));
    spark.sparkContext().setJobDescription("count: read and count " + files.size() + " files");
    var rows = jsc.parallelize(files, slices).map(f -> countFile(f, conf.value().value()));
    Dataset<Row> docs = spark.createDataFrame(rows, SCHEMA).orderBy("doc_id");
    spark.sparkContext().setJobDescription("count: write " + output);
    AtomicOutput.commit(
        output, overwrite, jsc.hadoopConfiguration(), staging -> docs.coalesce(1).write().parquet(staging));
    Row t = spark.read().parquet(output).agg(sum("bytes"), sum("lines"), sum("tokens"), count("*")).first();
    return new Summary(t.getLong(3), t.isNullAt(0) ? 0 : t.getLong(0), t.isNullAt(1) ? 0 : t.getLong(1),
        t.isNullAt(2) ? 0 : t.getLong(2));
  }

  /** Counts one file by streaming it; lines = newline count + 1 for a non-empty last line. */
  static Row countFile(InputFile f, Configuration conf) {
    Path p = new Path(f.path());
    long bytes = 0;
    long newlines = 0;
    int last = '\n';
    byte[] buf = new byte[1 << 16];
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        bytes += n;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            newlines++;
          }
        }
        last = buf[n - 1];
      }
    } catch (IOException e) {
      throw new MegasparkException("cannot read " + f.path() + " at byte " + bytes + ": " + e.getMessage(), e);
    }
    long lines = newlines + (last != '\n' ? 1 : 0);
    return RowFactory.create(f.path(), bytes, lines, bytes + 2);
  }

}
