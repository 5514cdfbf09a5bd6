package io.megaspark.jobs.run;

import org.apache.spark.sql.Row;

/**
 * Folds one document's per-piece model outputs into its result row, so the runner keeps O(result) per
 * open document and never the per-token outputs. One instance per document, used by one thread.
 */
public interface DocumentFold {

  /**
   * Folds the outputs of one piece: row {@code row} of {@code out}, whose first {@code piece.length()}
   * positions are the piece's tokens.
   */
  void accept(Piece piece, BlockResult<?> out, int row);

  /**
   * What to generate after the document's last token, or null to finish right after the stream. Called
   * once, when the document opens.
   */
  default GenerationRequest generation() {
    return null;
  }

  /** The document's result, once its stream (and its generation, if any) is done. */
  Row finish(DocumentEnd end);
}
