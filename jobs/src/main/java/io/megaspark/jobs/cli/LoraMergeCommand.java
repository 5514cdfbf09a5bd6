package io.megaspark.jobs.cli;

import io.megaspark.jobs.MegasparkException;
import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.lora.LoraMerge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "lora-merge",
    mixinStandardHelpOptions = true,
    description = {
        "Fold the LoRA adapters of a LongLoRA run (its checkpoint directory) into plain weights.",
        "The merged config.json keeps the run's attention chunk (chunk_size_override) and RoPE scaling"
            + " (rope_scaling), so every job runs the merged model as it was fine-tuned, with no flags."})
public final class LoraMergeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Directory with config.json, model.safetensors and lora.safetensors (a train --lora-rank checkpoint).")
  Path model;

  @Option(names = "--output", required = true, description = "New model directory.")
  Path output;

  @Option(names = {"--chunk", "--chunk-size"}, defaultValue = "0", description = "Attention chunk of the merged model, for a checkpoint whose config.json lacks it (written before train saved it); 0 = the checkpoint's.")
  int chunk;

  @Option(names = {"--rope-scaling", "--rope"}, description = "RoPE scaling JSON of the fine-tuning, for a checkpoint whose config.json lacks it; written into the merged config.json.")
  String ropeScaling;

  @Option(names = "--overwrite", description = "Replace an existing output directory's files.")
  boolean overwrite;

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
    if (Files.exists(output.resolve("model.safetensors")) && !overwrite) {
      throw new MegasparkException("output already exists: " + output + " (pass --overwrite or choose another --output)");
    }
    MegalodonConfig c = LoraMerge.mergeDirectory(model, output, cfg -> TrainCommand.withContext(cfg, chunk, ropeScaling));
    spec.commandLine().getOut().printf(Locale.ROOT, "lora-merge: %s + adapters -> %s (chunk_size %d, attention chunk"
        + " %d, rope_scaling %s)%n", model, output, c.chunkSize(), c.attentionChunk(), c.ropeScaling().scaling().ropeType());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
