package io.megaspark.jobs.run;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.device.Placement;
import io.megaspark.megalodon.model.BlockOutput;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.OutputRequest;
import io.megaspark.megalodon.model.StreamState;
import java.util.Arrays;
import java.util.List;

/**
 * {@link BlockModel} over megalodon's TensorFlow {@link MegalodonModel}: one {@code Session.run} per call
 * for the whole batch.
 *
 * <p>The model builds one graph per (B, T). The runner's batches shrink as a partition's last documents
 * end, so B is rounded up to a power of two (at most 2 log2(batch) graphs per block size); the extra rows
 * have valid length 0, which the model leaves untouched and which cost little next to the real rows.
 */
public final class TensorFlowBlockModel implements BlockModel<StreamState> {
  private final MegalodonModel model;
  private final MegalodonConfig config;
  private final ModelInfo info;

  public TensorFlowBlockModel(MegalodonModel model) {
    this.model = model;
    this.config = model.config();
    this.info = new ModelInfo(config.attentionChunk(), config.outputVocab(), config.modelDim(), config.tokenizer());
  }

  /** Where the model runs: the task's device, the device used and the session configuration. */
  public Placement placement() {
    return model.placement();
  }

  /** The TensorFlow model behind this adapter (the layer-wise scan runs it one stage at a time). */
  public MegalodonModel model() {
    return model;
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
    int b = tokens.length;
    int padded = Integer.highestOneBit(b) == b ? b : Integer.highestOneBit(b) << 1;
    StreamState[] s = new StreamState[padded];
    int[][] t = Arrays.copyOf(tokens, padded);
    int[] valid = Arrays.copyOf(validLengths, padded);
    int[][] targets = request.targets() == null ? null : Arrays.copyOf(request.targets(), padded);
    for (int i = 0; i < padded; i++) {
      s[i] = i < b ? states.get(i) : states.get(0);
      if (i >= b) {
        t[i] = new int[tokens[0].length];
        if (targets != null) {
          targets[i] = new int[tokens[0].length];
          Arrays.fill(targets[i], -1);
        }
      }
    }
    BlockOutput out = model.forward(s, t, valid,
        new OutputRequest(request.logits(), targets, request.hidden(), request.hiddenMean()));
    return new BlockResult<>(
        out.logits() == null ? null : Arrays.copyOf(out.logits(), b),
        out.targetLogProbs() == null ? null : Arrays.copyOf(out.targetLogProbs(), b),
        out.hidden() == null ? null : Arrays.copyOf(out.hidden(), b),
        out.hiddenMean() == null ? null : Arrays.copyOf(out.hiddenMean(), b),
        Arrays.asList(out.states()).subList(0, b));
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
