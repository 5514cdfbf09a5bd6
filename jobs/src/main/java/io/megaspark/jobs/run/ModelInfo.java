package io.megaspark.jobs.run;

/**
 * What the runner needs to know about a loaded model.
 *
 * @param chunkSize C, the attention chunk length; blocks are multiples of it
 * @param vocabSize V, the number of output logits
 * @param modelDim D, the width of hidden states (embeddings have this length)
 * @param tokenizer the tokenizer name the model was trained with ("bytes", "gpt2")
 */
public record ModelInfo(int chunkSize, int vocabSize, int modelDim, String tokenizer) {
  public ModelInfo {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize: got " + chunkSize + ", must be at least 1");
    }
    if (vocabSize < 2) {
      throw new IllegalArgumentException("vocabSize: got " + vocabSize + ", must be at least 2");
    }
    if (modelDim < 1) {
      throw new IllegalArgumentException("modelDim: got " + modelDim + ", must be at least 1");
    }
    if (tokenizer == null || tokenizer.isBlank()) {
      throw new IllegalArgumentException("tokenizer: must be named");
    }
  }
}
