package io.megaspark.jobs.longdoc;

import io.megaspark.chunking.tokenize.Framing;
import io.megaspark.chunking.tokenize.TokenSource;
import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.input.Corpus;
import io.megaspark.jobs.input.Document;
import io.megaspark.jobs.input.DocumentBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Documents of a job's corpus as {@link LongDocColumns#DOCUMENTS} rows, tokenized in the executors the
 * way the score job streams them (DESIGN.md data flow; jobs' PieceStream): the fed tokens are BOS and the
 * text's tokens, and EOS is the target of the last position (never fed), so a long-document score equals
 * the ordinary score job's. A document's tokens are held in one row: fine for documents of tens of
 * millions of tokens; beyond that the ranges should be cut while streaming (see docs/benchmarks.md).
 */
public final class LongDocInput {
  private LongDocInput() {}

  /** The documents of {@code corpus} (invalid records are the caller's business: filter them first). */
  public static Dataset<Row> documents(SparkSession spark, Corpus corpus, String tokenizerName) {
    return documents(spark, corpus.documents(), tokenizerName);
  }

  /** As {@link #documents(SparkSession, Corpus, String)} for any RDD of documents. */
  public static Dataset<Row> documents(SparkSession spark, JavaRDD<Document> docs, String tokenizerName) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    JavaRDD<Row> rows = docs.map(d -> row(d, tokenizerName, conf.value()));
    return spark.createDataFrame(rows, LongDocColumns.DOCUMENTS);
  }

  private static Row row(Document d, String tokenizerName, SerializableConfiguration conf) {
    Tokenizer tokenizer = Tokenizers.byName(tokenizerName);
    try (InputStream in = DocumentBytes.open(d.source(), conf.value(), 0, -1);
        TokenSource tokens = tokenizer.open(in, Framing.FIRST_RANGE)) {
      return RowFactory.create(d.docId(), RangeTable.column(tokens.readAll()), null, tokenizer.eosId());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read document " + d.docId() + ": " + e.getMessage(), e);
    }
  }
}
