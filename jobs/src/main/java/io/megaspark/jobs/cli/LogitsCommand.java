package io.megaspark.jobs.cli;

import io.megaspark.jobs.MegasparkException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.BlockOutput;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.model.OutputRequest;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.weights.DType;
import io.megaspark.megalodon.weights.SafeTensors;
import io.megaspark.megalodon.weights.SafeTensorsFile;
import io.megaspark.megalodon.weights.TensorData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a model over token sequences block by block with carried state and writes the logits: the
 * command-line check against another implementation (for example the official one's goldens).
 */
@Command(
    name = "logits",
    mixinStandardHelpOptions = true,
    description = "Logits of token sequences (safetensors in/out), block by block with carried state.")
public final class LogitsCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory (config.json + model.safetensors; the official layout loads as is).")
  Path model;

  @Option(names = "--input", required = true, description = "safetensors file with 'tokens' I32 [B, L].")
  Path input;

  @Option(names = "--output", required = true, description = "safetensors file to write with 'logits' F32 [B, L, V].")
  Path output;

  @Option(names = "--block-tokens", description = "Tokens per block, a multiple of the chunk (default: 4 chunks).")
  Integer blockTokens;

  @Override
  public Integer call() {
    SafeTensorsFile in = SafeTensors.read(input);
    if (!in.names().contains("tokens")) {
      throw new MegasparkException("no tensor 'tokens' in " + input + " (found " + in.names()
          + "); expected I32 [B, L] token ids");
    }
    TensorData tokens = in.tensor("tokens");
    if (tokens.dtype() != DType.I32 || tokens.shape().length != 2) {
      throw new MegasparkException("'tokens' in " + input + " must be I32 [B, L], got " + tokens.dtype()
          + " " + Arrays.toString(tokens.shape()));
    }
    int rows = (int) tokens.shape()[0];
    int length = (int) tokens.shape()[1];
    int[] flat = tokens.ints();
    try (MegalodonModel m = MegalodonModel.load(model, ModelOptions.threads(0))) {
      MegalodonConfig cfg = m.config();
      int block = blockTokens != null ? blockTokens : 4 * cfg.attentionChunk();
      if (block <= 0 || block % cfg.attentionChunk() != 0) {
        throw new MegasparkException("--block-tokens=" + block + " must be a positive multiple of the"
            + " model's chunk size " + cfg.attentionChunk());
      }
      int vocab = cfg.outputVocab();
      float[] logits = new float[rows * length * vocab];
      StreamState[] states = new StreamState[rows];
      Arrays.fill(states, StreamState.initial(cfg));
      for (int start = 0; start < length; start += block) {
        int t = Math.min(block, length - start);
        // A short final block is padded to the chunk; its valid length is what is left.
        int padded = ((t + cfg.attentionChunk() - 1) / cfg.attentionChunk()) * cfg.attentionChunk();
        int[][] blockTokens = new int[rows][padded];
        int[] valid = new int[rows];
        for (int b = 0; b < rows; b++) {
          System.arraycopy(flat, b * length + start, blockTokens[b], 0, t);
          valid[b] = t;
        }
        BlockOutput out = m.forward(states, blockTokens, valid, OutputRequest.logitsOnly());
        for (int b = 0; b < rows; b++) {
          for (int i = 0; i < t; i++) {
            System.arraycopy(out.logits()[b][i], 0, logits, ((b * length) + start + i) * vocab, vocab);
          }
        }
        states = out.states();
      }
      SafeTensors.write(output, Map.of("producer", "megaspark logits", "block_tokens", String.valueOf(block)),
          List.of(TensorData.ofFloats("logits", new long[] {rows, length, vocab}, logits)));
      System.out.printf("logits: %d rows x %d tokens x %d vocab, blocks of %d tokens -> %s%n", rows, length,
          vocab, block, output);
    }
    return 0;
  }
}
