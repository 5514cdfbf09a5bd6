package io.megaspark.megalodon.weights;

import io.megaspark.megalodon.MegalodonException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;

/** User-facing errors about weight files, in one place so the wording stays consistent. */
public final class WeightErrors {
  private WeightErrors() {}

  public static MegalodonException unreadable(Path file, Exception cause) {
    return new MegalodonException("cannot read weights file " + file + ": " + cause.getMessage(), cause);
  }

  public static MegalodonException corruptHeader(Path file, String why) {
    return new MegalodonException("corrupt safetensors file " + file + ": " + why
        + " (the file is damaged, truncated or not safetensors; re-export or re-download it)");
  }

  public static MegalodonException corruptTensor(Path file, String tensor, String why) {
    return new MegalodonException("corrupt safetensors file " + file + ", tensor '" + tensor + "': "
        + why + " (the file is damaged, truncated or was written by a broken tool; re-export it)");
  }

  public static MegalodonException unsupportedDtype(Path file, String tensor, String dtype) {
    return new MegalodonException("safetensors file " + file + ", tensor '" + tensor
        + "': unsupported dtype '" + dtype + "'; supported: " + Arrays.toString(DType.values())
        + " (convert the checkpoint to float32 or bfloat16)");
  }

  public static MegalodonException missingTensor(Path file, String tensor, String why) {
    return new MegalodonException("weights " + file + ": missing tensor '" + tensor + "', " + why
        + " (the checkpoint does not match the config: check config.json)");
  }

  public static MegalodonException wrongShape(Path file, String tensor, long[] expected, long[] actual) {
    return new MegalodonException("weights " + file + ": tensor '" + tensor + "' has shape "
        + Arrays.toString(actual) + ", expected " + Arrays.toString(expected)
        + " from the config (the checkpoint does not match config.json)");
  }

  public static MegalodonException unexpectedTensors(Path file, Collection<String> names) {
    return new MegalodonException("weights " + file + ": unexpected tensors " + names
        + " that the config does not use (does config.json match the checkpoint? for example"
        + " nffn.fc3 needs swiglu=true and nffn.alpha needs rescale_nffn=true)");
  }

  public static MegalodonException inconsistent(Path file, String tensor, String why) {
    return new MegalodonException("weights " + file + ": tensor '" + tensor + "' " + why);
  }

  public static MegalodonException notFound(Path path) {
    return new MegalodonException("weights not found: " + path
        + " (pass a model directory holding model.safetensors, or the .safetensors file itself)");
  }
}
