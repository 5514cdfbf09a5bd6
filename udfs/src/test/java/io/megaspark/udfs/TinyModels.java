package io.megaspark.udfs;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny random models (conf/models/tiny.json: 2 layers, D 64, chunk 16, byte tokens) saved to a directory. */
public final class TinyModels {
  private TinyModels() {}

  /** The project root (surefire sets megaspark.root). */
  public static Path root() {
    return Path.of(System.getProperty("megaspark.root", ".."));
  }

  /** Writes config.json and seeded random weights into {@code dir}; returns {@code dir}. */
  public static Path save(Path dir, long seed) {
    try {
      Files.createDirectories(dir);
      MegalodonConfig cfg = MegalodonConfig.load(root().resolve("conf/models/tiny.json"));
      Files.writeString(dir.resolve("config.json"), cfg.toJson());
      MegalodonWeights.initialize(cfg, seed).save(dir.resolve(MegalodonWeights.FILE_NAME));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A few paragraphs of made-up English with clear sentence ends, {@code sentences} sentences long. */
  public static String text(int sentences, long seed) {
    String[] words = {"the", "river", "ran", "past", "old", "mill", "and", "a", "dog", "slept", "under", "warm",
        "sun", "while", "children", "sang", "songs", "about", "ships", "far", "away", "from", "home"};
    java.util.Random r = new java.util.Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int s = 0; s < sentences; s++) {
      int n = 4 + r.nextInt(9);
      for (int w = 0; w < n; w++) {
        String word = words[r.nextInt(words.length)];
        sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        sb.append(w + 1 < n ? " " : "");
      }
      sb.append(s % 5 == 4 ? ".\n\n" : ". ");
    }
    return sb.toString().strip();
  }
}
