package io.megaspark.jobs.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.input.BadDocument;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a job's results: one file sorted by {@code doc_id}, so a rerun with the same inputs and model
 * writes the same bytes of results, committed atomically through {@link AtomicOutput} (a failed job leaves
 * nothing at the target). Skipped records are listed in {@value #BAD_RECORDS} inside the output directory
 * (JSON lines; Spark's readers ignore files starting with '_').
 */
public final class JobOutput {
  /** The list of skipped records in an output directory. */
  public static final String BAD_RECORDS = "_bad_records.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private JobOutput() {}

  /**
   * Sorts and writes results.
   *
   * @param rejected records skipped under --on-bad-record=skip (listed in {@value #BAD_RECORDS})
   */
  public static void write(Dataset<Row> results, String target, OutputFormat format, boolean overwrite,
      List<BadDocument> rejected, Configuration conf) {
    // One shuffle to a single partition, then a sort inside it: the run stage stays parallel and no
    // sampling job recomputes it (a global orderBy would).
    Dataset<Row> sorted = results.repartition(1).sortWithinPartitions("doc_id");
    AtomicOutput.commit(target, overwrite, conf, staging -> {
      switch (format) {
        case PARQUET -> sorted.write().parquet(staging);
        case JSON -> sorted.write().json(staging);
        case CSV -> flattenForCsv(sorted).write().option("header", "true").csv(staging);
      }
      if (rejected != null && !rejected.isEmpty()) {
        writeBadRecords(new Path(staging, BAD_RECORDS), rejected, conf);
      }
    });
  }

  /** Map, array and struct columns as JSON strings (CSV has no nested types). */
  static Dataset<Row> flattenForCsv(Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      boolean nested = f.dataType() instanceof MapType || f.dataType() instanceof ArrayType
          || f.dataType() instanceof StructType;
      cols.add(nested ? to_json(col(f.name())).as(f.name()) : col(f.name()));
    }
    return rows.select(cols.toArray(new Column[0]));
  }

  private static void writeBadRecords(Path file, List<BadDocument> rejected, Configuration conf) {
    try {
      FileSystem fs = file.getFileSystem(conf);
      try (OutputStream out = fs.create(file, false)) {
        for (BadDocument b : rejected) {
          ObjectNode n = JSON.createObjectNode();
          n.put("reason", b.reason().name().toLowerCase(java.util.Locale.ROOT));
          n.put("path", b.path());
          n.put("doc_id", b.docId());
          n.put("offset", b.offset());
          n.put("detail", b.detail());
          out.write((JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new MegasparkException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
