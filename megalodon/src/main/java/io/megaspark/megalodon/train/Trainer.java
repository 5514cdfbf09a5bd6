package io.megaspark.megalodon.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.device.DeviceRequest;
import io.megaspark.megalodon.device.Placement;
import io.megaspark.megalodon.lora.LoraAdapters;
import io.megaspark.megalodon.lora.LoraConfig;
import io.megaspark.megalodon.model.StreamState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The training loop: truncated BPTT over streamed document pieces, next-token cross-entropy, global-norm
 * clipping, AdamW with warmup + cosine, periodic held-out bits per byte, checkpoints that resume
 * bit-for-bit, a CSV log and the loss curve.
 *
 * <p>Each step: take the next batch; reset the state of rows that start a piece; run the graph (loss,
 * gradients, states out); clip; update; keep the states out for the rows' next blocks (values only: no
 * gradient crosses a block boundary).
 */
public final class Trainer {
  /** What a run reached. */
  public record Summary(long steps, long tokens, double lastLoss, double heldOutBitsPerByte, double seconds,
      Path checkpoint) {}

  private final MegalodonConfig config;
  private final TrainingMode mode;
  private final TrainerSettings settings;
  private final List<TokenDocument> train;
  private final List<TokenDocument> heldOut;
  private final Consumer<String> progress;
  private ParameterSet weights;
  private ParameterSet adapters;
  private DeviceRequest device = DeviceRequest.CPU;

  /**
   * @param weights initial weights (fresh or a base model); updated in place
   * @param adapters initial LoRA adapters for {@link TrainingMode.LongLora}, else null
   * @param progress receives one line per logged step and evaluation
   */
  public Trainer(MegalodonConfig config, ParameterSet weights, LoraAdapters adapters, TrainingMode mode,
      TrainerSettings settings, List<TokenDocument> train, List<TokenDocument> heldOut, Consumer<String> progress) {
    this.config = config;
    this.weights = weights;
    this.adapters = adapters == null ? null : adapterSet(config, adapters);
    this.mode = mode;
    this.settings = settings;
    this.train = train;
    this.heldOut = heldOut;
    this.progress = progress;
    if ((mode instanceof TrainingMode.LongLora) != (adapters != null)) {
      throw new IllegalArgumentException("LoRA adapters are needed exactly in LongLoRA mode");
    }
  }

  private static ParameterSet adapterSet(MegalodonConfig c, LoraAdapters a) {
    ParameterSet p = new ParameterSet();
    Map<String, long[]> layout = LoraAdapters.layout(c, a.config());
    a.tensors().forEach((name, v) -> p.put(name, new HostTensor(layout.get(name), v)));
    return p;
  }

  /**
   * Runs the training and evaluation graphs on {@code device} (default the CPU) through {@link
   * TrainingSession#placement}: a GPU this process cannot use falls back to the CPU, and the log says so.
   * The device changes no result beyond floating-point rounding, so a run may resume on another device.
   */
  public Trainer on(DeviceRequest device) {
    this.device = java.util.Objects.requireNonNull(device, "device");
    return this;
  }

  public Path checkpointDir() {
    return settings.output().resolve("checkpoint");
  }

  /**
   * Trains until step {@code stopAt} (at most {@code settings.steps()}), resuming from the checkpoint in
   * the output directory when {@code resume} is set.
   */
  public Summary run(boolean resume, long stopAt) {
    long started = System.nanoTime();
    GraphSpec spec = mode.spec(config, settings.batch(), settings.blockTokens(), weights,
        adapters == null ? Set.of() : adapters.names());
    ParameterSet trainable = new ParameterSet();
    for (String name : spec.trainable()) {
      trainable.put(name, weights.contains(name) ? weights.get(name) : adapters.get(name));
    }
    StreamBatcher batcher = new StreamBatcher(train, settings.batch(), settings.blockTokens(),
        settings.maxPieceTokens(), settings.seed());
    StreamState[] states = new StreamState[settings.batch()];
    Arrays.fill(states, StreamState.initial(config));
    AdamW opt = new AdamW(settings.adamW(), trainable);
    long step = 0;
    long tokens = 0;
    if (resume && Files.exists(checkpointDir().resolve("trainer.json"))) {
      Checkpoint.Contents c = Checkpoint.load(checkpointDir(), List.copyOf(trainable.names()));
      checkSame(c.progress().settings(), settings.fingerprint());
      checkSame(context(c.config()), context(config));
      restore(c);
      opt = new AdamW(settings.adamW(), c.m(), c.v(), c.progress().step());
      trainable = rebind(spec);
      batcher.seek(c.progress().data());
      states = c.streams();
      step = c.progress().step();
      tokens = c.progress().tokens();
      progress.accept("resumed from " + checkpointDir() + " at step " + step);
    }
    LearningRateSchedule schedule = settings.schedule();
    double lastLoss = Double.NaN;
    double heldOutBits = Double.NaN;
    long end = Math.min(stopAt, settings.steps());
    Placement placement = TrainingSession.placement(device, settings.threads());
    progress.accept(placement.line());
    try (TrainingSession session = new TrainingSession(spec, placement);
        TrainingSession eval = new TrainingSession(evalSpec(spec), placement);
        TrainingLog log = TrainingLog.open(settings.output(), step)) {
      long lastCheckpoint = System.nanoTime();
      for (; step < end; step++) {
        long t0 = System.nanoTime();
        TrainingBatch batch = batcher.next();
        for (int r = 0; r < states.length; r++) {
          if (batch.startsPiece()[r]) {
            states[r] = StreamState.initial(config);
          }
        }
        StepResult res = session.run(weights, adapters, states, batch.inputs(), batch.targets(),
            batch.validLengths(), settings.seed() * 1_000_003L + step);
        double norm = GradientClipping.clip(res.gradients(), settings.clip());
        double lr = schedule.at(step);
        opt.step(trainable, res.gradients(), lr);
        states = res.states();
        long n = batch.targetCount();
        tokens += n;
        lastLoss = res.loss();
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.step(new TrainingLog.StepRow(step + 1, res.loss(), lr, norm, n, n / seconds));
        progress.accept(String.format(java.util.Locale.ROOT, "step %d/%d loss %.4f (%.3f bits/token) lr %.2e"
            + " grad %.3f %.0f tokens/s", step + 1, settings.steps(), res.loss(), res.loss() / Math.log(2), lr,
            norm, n / seconds));
        if (settings.evalEvery() > 0 && (step + 1) % settings.evalEvery() == 0) {
          heldOutBits = evaluate(eval, log, step + 1);
        }
        if (System.nanoTime() - lastCheckpoint >= settings.checkpointSeconds() * 1_000_000_000L) {
          save(opt, states, batcher, step + 1, tokens);
          lastCheckpoint = System.nanoTime();
        }
      }
      save(opt, states, batcher, step, tokens);
      if (step == settings.steps() && (settings.evalEvery() == 0 || step % settings.evalEvery() != 0)) {
        heldOutBits = evaluate(eval, log, step);
      }
    }
    LossCurvePlot.fromLog(settings.output(), settings.output().resolve("loss.png"),
        "training loss of " + settings.output().getFileName());
    return new Summary(step, tokens, lastLoss, heldOutBits, (System.nanoTime() - started) / 1e9, checkpointDir());
  }

  /** Evaluation runs as inference does: causal attention over the (possibly extended) chunk, no S2. */
  private GraphSpec evalSpec(GraphSpec train) {
    int rows = Math.max(1, Math.min(heldOut.size(), settings.batch()));
    return new GraphSpec(config, rows, train.blockTokens(), train.chunk(), train.rope(), new AttentionPattern.Causal(),
        train.lora(), Set.of(), false);
  }

  private double evaluate(TrainingSession eval, TrainingLog log, long step) {
    if (heldOut.isEmpty()) {
      return Double.NaN;
    }
    HeldOutEvaluator.Result r = HeldOutEvaluator.evaluate(eval, weights, adapters, heldOut,
        settings.evalTokens(), HeldOutEvaluator.StateMode.CARRIED);
    log.eval(new TrainingLog.EvalRow(step, r.bitsPerByte(), r.tokens()));
    progress.accept(String.format(java.util.Locale.ROOT, "eval step %d: held-out %.4f bits/byte over %d tokens",
        step, r.bitsPerByte(), r.tokens()));
    return r.bitsPerByte();
  }

  private void save(AdamW opt, StreamState[] states, StreamBatcher batcher, long step, long tokens) {
    LoraAdapters lora = null;
    if (adapters != null) {
      Map<String, float[]> values = new LinkedHashMap<>();
      adapters.entries().forEach(e -> values.put(e.getKey(), e.getValue().values()));
      lora = LoraAdapters.of(config, loraConfig(), values);
    }
    Checkpoint.save(checkpointDir(), new Checkpoint.Contents(config, weights, lora, opt.firstMoments(),
        opt.secondMoments(), states.clone(), new Checkpoint.Progress(step, tokens, batcher.position(),
            settings.fingerprint())));
  }

  private LoraConfig loraConfig() {
    return ((TrainingMode.LongLora) mode).lora();
  }

  private void restore(Checkpoint.Contents c) {
    weights = c.weights();
    if (adapters != null) {
      if (c.adapters() == null) {
        throw TrainingErrors.checkpointUnreadable(checkpointDir(), "LongLoRA run but no lora.safetensors");
      }
      adapters = adapterSet(config, c.adapters());
    }
  }

  private ParameterSet rebind(GraphSpec spec) {
    ParameterSet trainable = new ParameterSet();
    for (String name : spec.trainable()) {
      trainable.put(name, weights.contains(name) ? weights.get(name) : adapters.get(name));
    }
    return trainable;
  }

  /** Fails on the first setting of {@code now} whose value differs from (or is missing in) {@code saved}. */
  private void checkSame(Map<String, Object> saved, Map<String, Object> now) {
    for (var e : now.entrySet()) {
      Object old = saved.get(e.getKey());
      if (old == null || !String.valueOf(old).equals(String.valueOf(e.getValue()))) {
        throw TrainingErrors.checkpointMismatch(checkpointDir(), e.getKey(), old, e.getValue());
      }
    }
  }

  /**
   * What an exact resume must repeat of the model config: the attention chunk and the RoPE scaling a run
   * trains with ({@code --chunk}, {@code --rope-scaling}). They travel in the checkpoint's config.json, not in
   * trainer.json: a resume with others would go on training the weights for other positions.
   */
  private static Map<String, Object> context(MegalodonConfig c) {
    ObjectNode rope = c.ropeScaling().toJson();
    rope.remove("rope_theta"); // equal to rope_base (MegalodonConfig's rule), whether a file repeats it or not
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chunk", c.attentionChunk());
    m.put("rope_scaling", rope.toString());
    return m;
  }

  /** The current weights (live). */
  public ParameterSet weights() {
    return weights;
  }

  /** The current adapters (live), or null. */
  public ParameterSet adapters() {
    return adapters;
  }
}
