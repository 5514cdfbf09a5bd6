package io.megaspark.jobs.testing;

import io.megaspark.jobs.run.BlockModel;
import io.megaspark.jobs.run.BlockModelFactory;
import io.megaspark.jobs.run.ModelRef;

/**
 * Builds a {@link ToyModel} from "chunk,vocab,dim,seed[,tokenizer]" (for {@link ModelRef.Custom} in Spark
 * tests).
 */
public final class ToyModelFactory implements BlockModelFactory {
  /** The byte-level toy model used across the tests: chunk 4, vocabulary 260 (bytes, BOS, EOS), width 8. */
  public static final ModelRef BYTES = new ModelRef.Custom(ToyModelFactory.class.getName(), "4,260,8,7");

  @Override
  public BlockModel<?> create(String argument) {
    String[] p = argument.split(",");
    return new ToyModel(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Long.parseLong(p[3]),
        p.length > 4 ? p[4] : "bytes");
  }
}
