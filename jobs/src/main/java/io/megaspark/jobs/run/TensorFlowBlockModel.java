package io.megaspark.jobs.run;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.BlockOutput;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.model.OutputRequest;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.util.Arrays;
import java.util.List;

/**
 * {@link BlockModel} over megalodon's TensorFlow {@link MegalodonModel}: the fast path. One model per JVM
 * ({@link SharedModels}); its graphs are cached per (batch, block length), and concurrent tasks share it.
 * Blocks are multiples of the attention chunk ({@link MegalodonConfig#attentionChunk()}).
 */
public final class TensorFlowBlockModel implements BlockModel<StreamState> {
  private final MegalodonConfig config;
  private final MegalodonModel model;
  private final ModelInfo info;

  public TensorFlowBlockModel(MegalodonWeights weights, ModelOptions options) {
    this.config = weights.config();
    this.model = MegalodonModel.of(config, weights, options);
    this.info = new ModelInfo(config.attentionChunk(), config.outputVocab(), config.modelDim(), config.tokenizer());
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public StreamState initialState() {
    return StreamState.initial(config);
  }

  @Override
  public BlockResult<StreamState> forward(List<StreamState> states, int[][] tokens, int[] validLengths,
      BlockRequest request) {
    BlockOutput out = model.forward(states.toArray(new StreamState[0]), tokens, validLengths,
        new OutputRequest(request.logits(), request.targets(), request.hidden(), request.hiddenMean()));
    return new BlockResult<>(out.logits(), out.targetLogProbs(), out.hidden(), out.hiddenMean(),
        Arrays.asList(out.states()));
  }

  @Override
  public byte[] toBytes(StreamState state) {
    return state.toBytes();
  }

  @Override
  public StreamState fromBytes(byte[] bytes) {
    StreamState s = StreamState.fromBytes(bytes);
    s.checkFits(config);
    return s;
  }

  @Override
  public float[] stateSummary(StreamState state) {
    return StateSummaries.of(state);
  }

  @Override
  public void close() {
    model.close();
  }
}
