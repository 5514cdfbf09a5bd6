package io.megaspark.udfs;

import java.util.Collection;
import java.util.List;

/** Every user-facing error of the udfs module: problem, why, fix, where. */
public final class UdfErrors {
  private UdfErrors() {}

  public static UdfException modelMissing(String model, List<String> tried) {
    return new UdfException("model not found: '" + model + "' is not a model directory with config.json on this"
        + " JVM (tried " + String.join(", ", tried) + "); a model is a directory with config.json and"
        + " model.safetensors that every executor can read: set " + FunctionOptions.MODEL + " to a shared"
        + " path, or ship the directory with --archives model.zip#model and set " + FunctionOptions.MODEL
        + "=model (docs/notebooks.md)");
  }

  public static UdfException badOption(String key, String value, String rule) {
    return new UdfException("bad value for " + key + ": '" + value + "'; it must be " + rule
        + " (Spark conf of the session, or the FunctionOptions given to MegasparkFunctions.register)");
  }

  public static UdfException unknownKey(String key, Collection<String> valid) {
    return new UdfException("unknown Spark conf key '" + key + "': Megaspark's SQL functions read only "
        + String.join(", ", valid) + "; fix the spelling or remove the key");
  }

  public static UdfException badBlockTokens(int blockTokens, int chunk, String model) {
    return new UdfException("bad value for " + FunctionOptions.BLOCK_TOKENS + ": " + blockTokens + " is not a"
        + " multiple of the chunk size " + chunk + " of model " + model + " (blocks end on chunk boundaries, so no"
        + " attention state is carried between blocks); use a multiple of " + chunk + ", or 0 for automatic");
  }

  public static UdfException badSentenceCount(String function, int k) {
    return new UdfException(function + ": the sentence count k is " + k + ", it must be at least 1; call it as "
        + function + "(text, 3)");
  }

  /** A failure inside a function call, with the function and the document's size as context. */
  public static UdfException callFailed(String function, String text, RuntimeException cause) {
    return new UdfException(function + " failed on a document of " + text.length() + " characters: "
        + cause.getMessage(), cause);
  }
}
