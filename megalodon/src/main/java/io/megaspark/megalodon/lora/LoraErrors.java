package io.megaspark.megalodon.lora;

import io.megaspark.megalodon.MegalodonException;
import java.nio.file.Path;
import java.util.Arrays;

/** User-facing errors about LoRA adapter files, in one place so the wording stays consistent. */
public final class LoraErrors {
  private LoraErrors() {}

  public static MegalodonException missingSetting(Path file, String key) {
    return new MegalodonException("LoRA adapter file " + file + " has no '" + key + "' in its metadata"
        + " (it was not written by Megaspark's trainer; re-export it with bin/megaspark train --lora)");
  }

  public static MegalodonException missingTensor(Path file, String tensor) {
    return new MegalodonException("LoRA adapter file " + file + ": missing tensor '" + tensor
        + "' required by its own target list (the file is incomplete; re-export it)");
  }

  public static MegalodonException wrongShape(Path file, String tensor, long[] expected, long[] actual) {
    return new MegalodonException("LoRA adapter file " + file + ": tensor '" + tensor + "' has shape "
        + Arrays.toString(actual) + ", expected " + Arrays.toString(expected)
        + " (the adapters were trained for another model config; use the matching base model)");
  }
}
