package io.megaspark.megalodon.device;

/**
 * The model dimensions that decide memory use, as plain numbers (the keys of the official
 * {@code config.json}, MODEL.md section 1.5). Kept separate from the full model config so the estimate
 * has no other dependency.
 *
 * @param layers {@code num_layers}
 * @param modelDim D, {@code model_dim}
 * @param zDim Dz, {@code z_dim} (all heads)
 * @param valueDim Dv, {@code value_dim} (all heads)
 * @param heads H, {@code num_heads}
 * @param ffnDim F, {@code ffn_hidden_dim}
 * @param emaOrder N, {@code cema_ndim}
 * @param chunkSize C, {@code chunk_size}
 * @param normGroups G, {@code norm_num_groups}
 * @param vocab V, {@code vocab_size}
 * @param swiglu {@code swiglu}: the FFN has a third matrix ({@code fc3})
 * @param sharedEmbedding {@code share_emb}: the LM head is the embedding matrix (held once in memory)
 */
public record ModelDims(
    int layers,
    int modelDim,
    int zDim,
    int valueDim,
    int heads,
    int ffnDim,
    int emaOrder,
    int chunkSize,
    int normGroups,
    int vocab,
    boolean swiglu,
    boolean sharedEmbedding) {

  public ModelDims {
    positive("num_layers", layers);
    positive("model_dim", modelDim);
    positive("z_dim", zDim);
    positive("value_dim", valueDim);
    positive("num_heads", heads);
    positive("ffn_hidden_dim", ffnDim);
    positive("cema_ndim", emaOrder);
    positive("chunk_size", chunkSize);
    positive("norm_num_groups", normGroups);
    positive("vocab_size", vocab);
    divides("z_dim", zDim, "num_heads", heads);
    divides("value_dim", valueDim, "num_heads", heads);
    divides("model_dim", modelDim, "norm_num_groups", normGroups);
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " = " + value + ": must be positive");
    }
  }

  private static void divides(String key, int value, String byKey, int by) {
    if (value % by != 0) {
      throw new IllegalArgumentException(
          key + " = " + value + ": must be a multiple of " + byKey + " = " + by + " (equal heads or groups)");
    }
  }
}
