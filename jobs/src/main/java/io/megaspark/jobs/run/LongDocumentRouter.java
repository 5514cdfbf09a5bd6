package io.megaspark.jobs.run;

import io.megaspark.jobs.input.Corpus;
import io.megaspark.jobs.input.DocumentCount;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Takes the documents too long for one task away from the ordinary streaming run and computes their
 * rows another way (the score job's {@code --long-doc-mode}, DESIGN.md execution mode 2). {@link
 * JobRunner} asks the job for one ({@link DocumentJob#longDocuments}).
 */
public interface LongDocumentRouter extends Serializable {
  /**
   * @param good the counted documents that passed the bad-record policy
   * @return the ids of the documents this router runs (none: everything streams)
   */
  Set<String> take(List<DocumentCount> good);

  /**
   * The rows of the taken documents, in the job's schema.
   *
   * @param counts the taken documents' counts, by id
   * @param console one line per document: how it ran and why
   */
  Dataset<Row> results(SparkSession spark, Corpus corpus, Map<String, DocumentCount> counts, ModelRef model,
      Consumer<String> console);
}
