package io.megaspark.udfs.document;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.BlockOutput;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.OutputRequest;
import io.megaspark.megalodon.model.StreamState;

/**
 * {@link DocumentModel} over megalodon's TensorFlow {@link MegalodonModel}, one row per call (a [1, T]
 * graph, built once and cached by the model). The model itself is thread-safe.
 */
public final class TensorFlowDocumentModel implements DocumentModel {
  private final MegalodonModel model;
  private final Tokenizer tokenizer;

  public TensorFlowDocumentModel(MegalodonModel model) {
    this.model = model;
    this.tokenizer = Tokenizers.byName(model.config().tokenizer());
  }

  @Override
  public MegalodonConfig config() {
    return model.config();
  }

  @Override
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public RowOutput forward(StreamState state, int[] tokens, int valid, RowRequest request) {
    int[][] targets = request.targets() == null ? null : new int[][] {request.targets()};
    BlockOutput out = model.forward(new StreamState[] {state}, new int[][] {tokens}, new int[] {valid},
        new OutputRequest(false, targets, request.hidden(), request.hiddenMean()));
    return new RowOutput(
        out.targetLogProbs() == null ? null : out.targetLogProbs()[0],
        out.hidden() == null ? null : out.hidden()[0],
        out.hiddenMean() == null ? null : out.hiddenMean()[0],
        out.states()[0]);
  }

  @Override
  public void close() {
    model.close();
  }
}
