package io.megaspark.jobs.run;

import io.megaspark.chunking.tokenize.Tokenizer;
import java.io.Serializable;
import org.apache.spark.sql.types.StructType;

/**
 * What a job does with each document (score, embed, summarize, generate): its result columns, the model
 * outputs it folds, and a fold per document. Serializable and small: it travels to executors inside the
 * task closure (settings only, never a model or a state).
 */
public interface DocumentJob extends Serializable {

  /** The job's name as the CLI and Spark job descriptions show it. */
  String name();

  /** The result columns, one row per document. */
  StructType schema();

  /** The model outputs and end-of-document facts the folds use. */
  FoldNeeds needs();

  /** True when the fold needs the document's whole text (extractive summaries quote sentences). */
  default boolean needsText() {
    return false;
  }

  /**
   * The router of documents too long for one task (the score job's long-document modes), or null: every
   * document streams in one task.
   */
  default LongDocumentRouter longDocuments() {
    return null;
  }

  /** A fold for one document. */
  DocumentFold open(DocumentMeta meta, Tokenizer tokenizer, ModelInfo info);
}
