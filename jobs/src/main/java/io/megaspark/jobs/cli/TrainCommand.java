package io.megaspark.jobs.cli;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.gpu.TaskDevices;
import io.megaspark.jobs.input.BadRecords;
import io.megaspark.jobs.run.ModelOverrides;
import io.megaspark.jobs.train.CacheManifest;
import io.megaspark.jobs.train.TextCorpus;
import io.megaspark.jobs.train.TokenCache;
import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.device.DeviceRequest;
import io.megaspark.megalodon.lora.LoraAdapters;
import io.megaspark.megalodon.lora.LoraConfig;
import io.megaspark.megalodon.lora.LoraTarget;
import io.megaspark.megalodon.lora.S2Config;
import io.megaspark.megalodon.lora.ShiftMode;
import io.megaspark.megalodon.train.AdamWConfig;
import io.megaspark.megalodon.train.AttentionPattern;
import io.megaspark.megalodon.train.ParameterSet;
import io.megaspark.megalodon.train.RotaryTable;
import io.megaspark.megalodon.train.TokenDocument;
import io.megaspark.megalodon.train.Trainer;
import io.megaspark.megalodon.train.TrainerSettings;
import io.megaspark.megalodon.train.TrainingBenchmark;
import io.megaspark.megalodon.train.TrainingMode;
import io.megaspark.megalodon.train.WeightSets;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
        "Train a MEGALODON model on the driver (or, with --on-executor, in one Spark task): truncated BPTT over"
            + " whole documents, AdamW, warmup+cosine, held-out bits per byte, exact checkpoints, a CSV log and a"
            + " loss-curve PNG.",
        "--input takes text files or a token cache made by `megaspark prepare`.",
        "With --lora-rank, LongLoRA fine-tuning of --base: adapters plus embeddings and norms, S2-Attn"
            + " (--s2-group) in chunks of --chunk tokens, with an optional --rope-scaling."})
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", defaultValue = "conf/models/small.json", description = "Model config of a fresh model (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--base", description = "Start from this model directory (config.json + model.safetensors) instead of fresh weights.")
  Path base;

  @Option(names = "--input", required = true, description = "Training text files, directories or globs, one document per file (repeatable); or one token-cache directory from `megaspark prepare`.")
  List<String> input;

  @Option(names = "--input-format", defaultValue = "auto", description = "auto (a directory with cache.json is a token cache, anything else text), text, or arrow (a token cache) (default: ${DEFAULT-VALUE}).")
  TrainInput inputFormat;

  @Option(names = "--held-out", description = "Held-out text files/directories (repeatable); files with these names are never trained on.")
  List<String> heldOut = new ArrayList<>();

  @Option(names = "--output", required = true, description = "Run directory: checkpoint/, metrics.csv, eval.csv, loss.png.")
  Path output;

  @Option(names = "--resume", description = "Continue exactly from <output>/checkpoint.")
  boolean resume;

  @Option(names = "--steps", defaultValue = "1000") long steps;
  @Option(names = "--batch", defaultValue = "4", description = "Rows per step (default: ${DEFAULT-VALUE}).") int batch;
  @Option(names = "--block-tokens", defaultValue = "512", description = "Tokens per row per step, a multiple of the attention chunk (default: ${DEFAULT-VALUE}).") int blockTokens;
  @Option(names = "--lr", defaultValue = "2e-3") double lr;
  @Option(names = "--min-lr", defaultValue = "2e-4") double minLr;
  @Option(names = "--warmup", defaultValue = "50") long warmup;
  @Option(names = "--weight-decay", defaultValue = "0.1") double weightDecay;
  @Option(names = "--beta1", defaultValue = "0.9") double beta1;
  @Option(names = "--beta2", defaultValue = "0.95") double beta2;
  @Option(names = "--clip", defaultValue = "1.0") double clip;
  @Option(names = "--seed", defaultValue = "1") long seed;
  @Option(names = "--max-piece-tokens", defaultValue = "0", description = "Stream documents in pieces of at most this many tokens (0 = whole documents).") int maxPiece;
  @Option(names = "--eval-every", defaultValue = "100") int evalEvery;
  @Option(names = "--eval-tokens", defaultValue = "16384", description = "Targets per held-out document in periodic evaluations (0 = all).") long evalTokens;
  @Option(names = "--checkpoint-minutes", defaultValue = "5") double checkpointMinutes;
  @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads (0 = all cores).") int threads;
  @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu:N, or auto: the Spark task's GPU under --on-executor, else the CPU (default: ${DEFAULT-VALUE}).") String device;

  @Option(names = "--on-executor", description = "Run the whole training as one Spark task on an executor (paths must be on a file system the executor sees); see docs/training.md.")
  boolean onExecutor;

  @Mixin SparkOptions spark = new SparkOptions();

  @Option(names = "--lora-rank", defaultValue = "0", description = "LoRA rank; 0 trains every weight.") int loraRank;
  @Option(names = "--lora-alpha", defaultValue = "16") double loraAlpha;
  @Option(names = "--lora-dropout", defaultValue = "0") double loraDropout;
  @Option(names = "--lora-targets", defaultValue = "wz,wv,wr,wh2", split = ",") List<String> loraTargets;
  @Option(names = {"--chunk", "--chunk-size"}, defaultValue = "0", description = "Attention chunk in training (LongLoRA: the extended chunk; 0 = the config's); saved in the checkpoint's config.json as chunk_size_override.") int chunk;
  @Option(names = "--s2-group", defaultValue = "0", description = "S2-Attn group size inside the chunk (0 = plain causal attention).") int s2Group;
  @Option(names = "--s2-mode", defaultValue = "SEGMENTS", description = "SEGMENTS (no wrap) or ROLL (LongLoRA's reference roll).") ShiftMode s2Mode;
  @Option(names = {"--rope-scaling", "--rope"}, description = "Hugging Face rope_scaling JSON, e.g. '{\"rope_type\":\"linear\",\"factor\":4}'; saved in the checkpoint's config.json.") String ropeScaling;

  @Option(names = "--benchmark-steps", defaultValue = "0", description = "Only measure training and forward throughput over this many steps, print JSON, exit.") int benchmarkSteps;

  @Override
  public Integer call() throws IOException {
    try {
      return execute();
    } catch (MegalodonException e) {
      // The model module's user-facing errors are user errors here too (exit code 2, no stack trace).
      throw new MegasparkException(e.getMessage(), e);
    }
  }

  private Integer execute() throws IOException {
    if (onExecutor && org.apache.spark.TaskContext.get() == null) {
      return TrainOnExecutor.run(spec, spark, config, output);
    }
    MegalodonConfig cfg = withContext(MegalodonConfig.load(base != null ? base.resolve("config.json") : config),
        chunk, ropeScaling);
    if (benchmarkSteps > 0) {
      spec.commandLine().getOut().println(TrainingBenchmark.run(cfg, batch, blockTokens, benchmarkSteps, threads).toJson());
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (!resume && Files.exists(output.resolve("checkpoint"))) {
      throw new MegasparkException("output already has a checkpoint: " + output.resolve("checkpoint")
          + " (pass --resume to continue it, or choose another --output)");
    }
    Tokenizer tokenizer = Tokenizers.byName(cfg.tokenizer());
    List<Path> heldOutFiles = heldOut.isEmpty() ? List.of() : TextCorpus.files(heldOut);
    Set<String> excluded = new HashSet<>();
    heldOutFiles.forEach(p -> excluded.add(p.getFileName().toString()));
    List<TokenDocument> train;
    int excludedCount;
    if (isCache()) {
      TokenCache.Contents c = TokenCache.read(input.get(0), new Configuration(), cfg.tokenizer(), excluded);
      train = c.documents();
      excludedCount = c.excluded() + (int) c.manifest().excludedDocuments();
      String skipped = BadRecords.describe(c.manifest().skippedCounts());
      spec.commandLine().getOut().printf(Locale.ROOT, "train: reading the token cache %s (%s tokens, prepared"
          + " from %s%s)%n", input.get(0), c.manifest().tokenizer(), c.manifest().inputs(),
          skipped.isEmpty() ? "" : "; prepare --on-bad-record=skip left out bad files, " + skipped + ", listed in its "
              + CacheManifest.FILE_NAME);
    } else {
      List<Path> trainFiles = TextCorpus.files(input);
      train = TextCorpus.read(trainFiles, tokenizer, excluded);
      excludedCount = trainFiles.size() - train.size();
    }
    List<TokenDocument> held = TextCorpus.read(heldOutFiles, tokenizer, Set.of());
    long trainTokens = train.stream().mapToLong(d -> d.tokens().length).sum();
    spec.commandLine().getOut().printf(Locale.ROOT, "train: %d training documents (%d tokens, %d held-out names excluded), %d held-out documents%n",
        train.size(), trainTokens, excludedCount, held.size());
    ParameterSet weights = WeightSets.fromWeights(base != null ? MegalodonWeights.load(base, cfg)
        : MegalodonWeights.initialize(cfg, seed));
    TrainingMode mode = new TrainingMode.Full();
    LoraAdapters adapters = null;
    if (loraRank > 0) {
      if (base == null) {
        throw new MegasparkException("--lora-rank needs --base: LoRA fine-tunes an existing model (pass its directory)");
      }
      List<LoraTarget> targets = new ArrayList<>();
      loraTargets.forEach(t -> targets.add(LoraTarget.byKey(t.trim())));
      LoraConfig lc = new LoraConfig(loraRank, loraAlpha, loraDropout, EnumSet.copyOf(targets));
      AttentionPattern pattern = s2Group > 0 ? new AttentionPattern.ShiftedSparse(new S2Config(s2Group, s2Mode))
          : new AttentionPattern.Causal();
      mode = new TrainingMode.LongLora(lc, cfg.attentionChunk(), RotaryTable.of(cfg), pattern);
      adapters = LoraAdapters.initialize(cfg, lc, seed);
    }
    AdamWConfig adamW = new AdamWConfig(beta1, beta2, 1e-8, weightDecay);
    TrainerSettings settings;
    try {
      settings = new TrainerSettings(output, batch, blockTokens, steps, warmup, lr, minLr, adamW, clip, seed,
          maxPiece, evalEvery, evalTokens, Math.max(1, Math.round(checkpointMinutes * 60)), threads);
    } catch (IllegalArgumentException e) {
      // The settings record names the setting, its value and the rule: a user error, not a bug.
      throw new MegasparkException("bad training settings: " + e.getMessage(), e);
    }
    Trainer trainer = new Trainer(cfg, weights, adapters, mode, settings, train, held, spec.commandLine().getOut()::println)
        .on(device.trim().equalsIgnoreCase("auto") ? TaskDevices.current() : DeviceRequest.parse(device));
    Trainer.Summary s = trainer.run(resume, Long.MAX_VALUE);
    spec.commandLine().getOut().printf(Locale.ROOT, "train: %d steps, %d tokens, last loss %.4f nats, held-out %.4f bits/byte, %.0f s"
        + " -> %s (loss curve %s)%n", s.steps(), s.tokens(), s.lastLoss(), s.heldOutBitsPerByte(), s.seconds(),
        s.checkpoint(), output.resolve("loss.png"));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** Whether --input names a token cache (docs/formats.md, "Token caches"). */
  private boolean isCache() {
    boolean cache = switch (inputFormat) {
      case TEXT -> false;
      case ARROW -> true;
      case AUTO -> input.size() == 1 && TokenCache.isCache(input.get(0), new Configuration());
    };
    if (cache && input.size() != 1) {
      throw JobErrors.badOption("input", String.join(", ", input), "one token-cache directory with --input-format arrow");
    }
    return cache;
  }

  /**
   * The config a run trains and evaluates with, and that its checkpoint (and a LoRA merge of it) carries:
   * the loaded one with the training chunk as {@code chunk_size_override} and the RoPE scaling as
   * {@code rope_scaling} (what {@code score --chunk-size --rope} would lay over it, ModelOverrides), so
   * the chunk and RoPE of a fine-tuning travel with the model. 0 and null keep the config's.
   */
  static MegalodonConfig withContext(MegalodonConfig cfg, int chunk, String ropeScaling) {
    return new ModelOverrides(chunk, ropeScaling == null ? "" : ropeScaling, "").apply(cfg);
  }

  /** How --input is read. */
  enum TrainInput { AUTO, TEXT, ARROW }
}
