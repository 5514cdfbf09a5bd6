package io.megaspark.jobs.score;

import io.megaspark.jobs.input.Corpus;
import io.megaspark.jobs.input.Document;
import io.megaspark.jobs.input.DocumentCount;
import io.megaspark.jobs.longdoc.LongDocColumns;
import io.megaspark.jobs.longdoc.LongDocInput;
import io.megaspark.jobs.longdoc.LongDocOptions;
import io.megaspark.jobs.longdoc.LongDocScorer;
import io.megaspark.jobs.run.LongDocumentRouter;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.StreamingJob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The score job's {@code --long-doc-mode} and {@code --max-tokens-per-task} (issue 10): a document whose
 * fed stream (BOS and its tokens) is longer than the maximum is taken out of the streaming run and
 * scored by {@link LongDocScorer} as an ordered relay or a layer-wise scan over ranges of at most that
 * many tokens. Its row has the same score columns, with the same values within float32 tolerance, except
 * {@code ppl_by_position}, which ranged documents leave empty.
 *
 * @param options the mode and the maximum; mode single never takes a document
 * @param schema the job's row schema (score columns, no state-store columns)
 */
record LongDocScores(LongDocOptions options, StructType schema) implements LongDocumentRouter {

  @Override
  public Set<String> take(List<DocumentCount> good) {
    Set<String> ids = new HashSet<>();
    for (DocumentCount c : good) {
      if (c.tokens() + 1 > options.maxTokensPerTask()) {
        ids.add(c.docId());
      }
    }
    return ids;
  }

  @Override
  public Dataset<Row> results(SparkSession spark, Corpus corpus, Map<String, DocumentCount> counts,
      ModelRef model, Consumer<String> console) {
    Set<String> ids = new HashSet<>(counts.keySet());
    JavaRDD<Document> docs = corpus.documents().filter(d -> ids.contains(d.docId()));
    Dataset<Row> tokens = LongDocInput.documents(spark, docs, StreamingJob.info(model).tokenizer());
    List<Row> rows = new ArrayList<>();
    for (Row r : LongDocScorer.score(spark, tokens, LongDocScorer.Settings.of(model, options)).collectAsList()) {
      String id = r.getAs(LongDocColumns.DOC_ID);
      long scored = r.getAs(LongDocColumns.SCORED);
      console.accept(String.format(Locale.ROOT, "score: document %s (%,d tokens) ran as %s: %s", id, scored,
          r.getAs(LongDocColumns.MODE), r.getAs(LongDocColumns.PLAN)));
      List<Object> values = new ArrayList<>();
      values.add(id);
      ScoreTotals totals = new ScoreTotals(r.getAs(LongDocColumns.NLL), scored, ScoreTotals.ZERO.bucketNll(),
          ScoreTotals.ZERO.bucketCount());
      // scored = every token after BOS, EOS included: the text's tokens plus one
      ScoreColumns.values(values, scored - 1, counts.get(id).bytes(), totals);
      rows.add(RowFactory.create(values.toArray()));
    }
    return spark.createDataFrame(rows, schema);
  }
}
