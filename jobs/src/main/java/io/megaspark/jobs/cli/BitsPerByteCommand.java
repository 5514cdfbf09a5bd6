package io.megaspark.jobs.cli;

import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.train.TextCorpus;
import io.megaspark.jobs.MegasparkException;
import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.train.GraphSpec;
import io.megaspark.megalodon.train.HeldOutEvaluator;
import io.megaspark.megalodon.train.HeldOutEvaluator.StateMode;
import io.megaspark.megalodon.train.ParameterSet;
import io.megaspark.megalodon.train.PositionBuckets;
import io.megaspark.megalodon.train.TokenDocument;
import io.megaspark.megalodon.train.TrainingSession;
import io.megaspark.megalodon.train.WeightSets;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "bits-per-byte",
    mixinStandardHelpOptions = true,
    description = "Held-out bits per byte of a model over whole documents, with the state carried through each"
        + " document versus reset at every block, per position bucket (the gain of long context).")
public final class BitsPerByteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model directory (config.json + model.safetensors).")
  Path model;

  @Option(names = "--input", defaultValue = "samples/*.txt", description = "Documents: files, directories or globs (default: ${DEFAULT-VALUE}).")
  List<String> input;

  @Option(names = "--block-tokens", defaultValue = "512", description = "Tokens per block, a multiple of the chunk (default: ${DEFAULT-VALUE}).")
  int blockTokens;

  @Option(names = "--rows", defaultValue = "3", description = "Documents evaluated side by side (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--threads", defaultValue = "0") int threads;

  @Option(names = "--max-tokens", defaultValue = "0", description = "Evaluate at most this many targets per document (0 = whole documents).")
  long maxTokens;

  @Option(names = {"--chunk", "--chunk-size"}, defaultValue = "0", description = "Attention chunk (0 = the config's: chunk_size_override, else chunk_size).")
  int chunk;

  @Option(names = {"--rope-scaling", "--rope"}, description = "Hugging Face rope_scaling JSON laid over the config's, e.g. '{\"rope_type\":\"linear\",\"factor\":4}' (default: the config's).")
  String ropeScaling;

  @Option(names = "--carried-only", description = "Skip the reset-every-block pass (half the time).")
  boolean carriedOnly;

  @Option(names = "--output", description = "Also write the table as Markdown to this file.")
  Path output;

  @Override
  public Integer call() throws Exception {
    try {
      return execute();
    } catch (MegalodonException e) {
      // The model module's user-facing errors are user errors here too (exit code 2, no stack trace).
      throw new MegasparkException(e.getMessage(), e);
    }
  }

  private Integer execute() throws Exception {
    MegalodonConfig cfg = TrainCommand.withContext(MegalodonConfig.load(model.resolve("config.json")), chunk, ropeScaling);
    ParameterSet weights = WeightSets.fromWeights(MegalodonWeights.load(model, cfg));
    List<TokenDocument> docs = new ArrayList<>(TextCorpus.read(TextCorpus.files(input),
        Tokenizers.byName(cfg.tokenizer()), Set.of()));
    // Longest first, so the rows finish together.
    docs.sort(Comparator.comparingInt((TokenDocument d) -> d.tokens().length).reversed());
    // The config's chunk and RoPE (chunk_size_override, rope_scaling), as inference runs the model.
    GraphSpec graph = GraphSpec.full(cfg, Math.min(rows, docs.size()), blockTokens, Set.of());
    HeldOutEvaluator.Result carried;
    HeldOutEvaluator.Result reset;
    long t0 = System.nanoTime();
    try (TrainingSession s = new TrainingSession(graph, threads)) {
      carried = HeldOutEvaluator.evaluate(s, weights, null, docs, maxTokens, StateMode.CARRIED);
      reset = carriedOnly ? null : HeldOutEvaluator.evaluate(s, weights, null, docs, maxTokens, StateMode.RESET_EVERY_BLOCK);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    String table = table(carried, reset, docs, blockTokens, seconds);
    spec.commandLine().getOut().print(table);
    if (output != null) {
      Files.writeString(output, table, StandardCharsets.UTF_8);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  static String table(HeldOutEvaluator.Result carried, HeldOutEvaluator.Result reset, List<TokenDocument> docs,
      int block, double seconds) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Held-out bits per byte, %d documents, %d tokens, blocks of %d tokens (%.0f s)%n%n",
        docs.size(), carried.tokens(), block, seconds));
    sb.append("| position in document (tokens) | targets | state carried | state reset every block | reset − carried |\n");
    sb.append("|---|---:|---:|---:|---:|\n");
    PositionBuckets c = carried.buckets();
    PositionBuckets r = reset == null ? null : reset.buckets();
    for (int b = 0; b < PositionBuckets.LABELS.size(); b++) {
      if (c.count(b) == 0) {
        continue;
      }
      double rb = r == null ? Double.NaN : r.bitsPerToken(b);
      sb.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %+.4f |%n", PositionBuckets.LABELS.get(b),
          c.count(b), c.bitsPerToken(b), rb, rb - c.bitsPerToken(b)));
    }
    double rAll = reset == null ? Double.NaN : reset.bitsPerByte();
    sb.append(String.format(Locale.ROOT, "| **all (bits per byte)** | %d | **%.4f** | %.4f | %+.4f |%n", c.totalCount(),
        carried.bitsPerByte(), rAll, rAll - carried.bitsPerByte()));
    return sb.toString();
  }
}
