package io.megaspark.jobs.cli;

import io.megaspark.jobs.MegasparkException;
import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.lora.LoraMerge;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "lora-merge",
    mixinStandardHelpOptions = true,
    description = "Fold the LoRA adapters of a LongLoRA run (its checkpoint directory) into plain weights.")
public final class LoraMergeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Directory with config.json, model.safetensors and lora.safetensors (a train --lora-rank checkpoint).")
  Path model;

  @Option(names = "--output", required = true, description = "New model directory.")
  Path output;

  @Option(names = "--chunk", defaultValue = "0", description = "chunk_size of the merged model: the extended chunk used in fine-tuning (0 = keep).")
  int chunk;

  @Option(names = "--rope-scaling", description = "The --rope-scaling JSON used in fine-tuning; written to rope_scaling.json beside the model.")
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
    MegalodonConfig c = LoraMerge.mergeDirectory(model, output, chunk > 0 ? OptionalInt.of(chunk) : OptionalInt.empty());
    if (ropeScaling != null) {
      Files.writeString(output.resolve("rope_scaling.json"), ropeScaling + "\n", StandardCharsets.UTF_8);
    }
    spec.commandLine().getOut().printf("lora-merge: %s + adapters -> %s (chunk_size %d)%n", model, output, c.chunkSize());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
