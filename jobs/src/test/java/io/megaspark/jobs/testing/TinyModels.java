package io.megaspark.jobs.testing;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny random MEGALODON model directory (conf/models/tiny.json, seeded weights) for fast job tests. */
public final class TinyModels {
  private TinyModels() {}

  /** Writes config.json and model.safetensors under {@code dir}; returns dir. */
  public static Path create(Path dir, long seed) {
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("config.json");
      Files.copy(TestSpark.projectRoot().resolve("conf/models/tiny.json"), config);
      MegalodonConfig cfg = MegalodonConfig.load(config);
      MegalodonWeights.initialize(cfg, seed).save(dir.resolve(MegalodonWeights.FILE_NAME));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
