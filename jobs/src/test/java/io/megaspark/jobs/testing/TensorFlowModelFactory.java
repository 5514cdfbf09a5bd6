package io.megaspark.jobs.testing;

import io.megaspark.jobs.run.BlockModel;
import io.megaspark.jobs.run.BlockModelFactory;
import io.megaspark.jobs.run.BlockRequest;
import io.megaspark.jobs.run.BlockResult;
import io.megaspark.jobs.run.ModelInfo;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.StateSummaries;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.BlockOutput;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.model.OutputRequest;
import io.megaspark.megalodon.model.StreamState;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs megalodon's TensorFlow model behind the jobs' {@link BlockModel} seam, for tests that compare the
 * jobs with the SQL functions on the fast path ({@code ModelRef.TensorFlow} is wired in the jobs module
 * separately); the argument is the model directory. A thin pass-through: one model call per batch.
 */
public final class TensorFlowModelFactory implements BlockModelFactory {

  /** The reference to a model directory through this factory. */
  public static ModelRef of(Path modelDir) {
    return new ModelRef.Custom(TensorFlowModelFactory.class.getName(), modelDir.toString());
  }

  @Override
  public BlockModel<?> create(String argument) {
    return new Model(MegalodonModel.load(Path.of(argument), ModelOptions.defaults()));
  }

  private static final class Model implements BlockModel<StreamState> {
    private final MegalodonModel model;
    private final MegalodonConfig config;
    private final ModelInfo info;

    Model(MegalodonModel model) {
      this.model = model;
      this.config = model.config();
      this.info = new ModelInfo(config.chunkSize(), config.outputVocab(), config.modelDim(), config.tokenizer());
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
      return new BlockResult<>(out.logits(), out.targetLogProbs(), out.hidden(), out.hiddenMean(), List.of(out.states()));
    }

    @Override
    public byte[] toBytes(StreamState state) {
      return state.toBytes();
    }

    @Override
    public StreamState fromBytes(byte[] bytes) {
      return StreamState.fromBytes(bytes);
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
}
