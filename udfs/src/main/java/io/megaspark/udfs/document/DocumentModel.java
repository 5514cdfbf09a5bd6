package io.megaspark.udfs.document;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;

/**
 * A loaded model as the per-document functions see it: one document's (state, block of T tokens) to
 * (requested outputs, next state), MODEL.md section 1. One row per call: a SQL function sees one document
 * at a time. Implementations are thread-safe (concurrent Spark tasks share one per JVM, {@link
 * DocumentModels}) and never modify the state they are given.
 */
public sealed interface DocumentModel extends AutoCloseable
    permits TensorFlowDocumentModel, ReferenceDocumentModel {

  MegalodonConfig config();

  /** The tokenizer named in the model's config.json. */
  Tokenizer tokenizer();

  /** The state before a document's first token. */
  default StreamState initialState() {
    return StreamState.initial(config());
  }

  /**
   * Runs one block of one document.
   *
   * @param state the state at a chunk boundary
   * @param tokens [T] token ids, T a multiple of the chunk size, padded with 0 after {@code valid}
   * @param valid the real tokens, 1..T; below T only for a document's last block
   * @param request which outputs to compute
   */
  RowOutput forward(StreamState state, int[] tokens, int valid, RowRequest request);

  @Override
  void close();
}
