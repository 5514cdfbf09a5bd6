package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.rope.RopeScalingConfig;
import io.megaspark.megalodon.testing.TestPaths;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  @TempDir Path dir;

  private static MegalodonConfig tiny() {
    return MegalodonConfig.load(TestPaths.root().resolve("conf/models/tiny.json"));
  }

  /** Documents of a simple language: repeated words with noise, so a tiny model learns quickly. */
  static List<TokenDocument> corpus(int docs, int length, long seed) {
    Random r = new Random(seed);
    String[] words = {"the ", "cat ", "sat ", "on ", "a ", "mat ", "and ", "dog ", "ran ", "far "};
    List<TokenDocument> out = new ArrayList<>();
    for (int d = 0; d < docs; d++) {
      StringBuilder sb = new StringBuilder();
      while (sb.length() < length) {
        sb.append(words[r.nextInt(words.length)]);
      }
      byte[] bytes = sb.substring(0, length).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      int[] tokens = new int[bytes.length + 2];
      tokens[0] = 256;
      for (int i = 0; i < bytes.length; i++) {
        tokens[i + 1] = bytes[i];
      }
      tokens[tokens.length - 1] = 257;
      out.add(new TokenDocument("doc" + d, tokens, bytes.length));
    }
    return out;
  }

  private static TrainerSettings settings(Path out, long steps) {
    return new TrainerSettings(out, 2, 32, steps, 2, 3e-3, 3e-4, AdamWConfig.paper(), 1.0, 7, 150, 3, 64,
        3600, 1);
  }

  private Trainer trainer(Path out, long steps) {
    MegalodonConfig c = tiny();
    return new Trainer(c, WeightSets.fromWeights(MegalodonWeights.initialize(c, 11)), null,
        new TrainingMode.Full(), settings(out, steps), corpus(3, 400, 1), corpus(1, 200, 2), line -> { });
  }

  @Test
  void resumedRun_isBitForBitTheUninterruptedRun() throws Exception {
    Trainer straight = trainer(dir.resolve("a"), 8);
    straight.run(false, Long.MAX_VALUE);
    trainer(dir.resolve("b"), 8).run(false, 3);
    Trainer resumed = trainer(dir.resolve("b"), 8);
    Trainer.Summary s = resumed.run(true, Long.MAX_VALUE);
    assertEquals(8, s.steps());
    assertTrue(straight.weights().sameAs(resumed.weights()), "weights after 8 steps differ");
    assertEquals(column(dir.resolve("a/metrics.csv"), 1), column(dir.resolve("b/metrics.csv"), 1));
    assertEquals(column(dir.resolve("a/eval.csv"), 1), column(dir.resolve("b/eval.csv"), 1));
    assertTrue(Files.size(dir.resolve("b/loss.png")) > 1000);
  }

  @Test
  void resume_withOtherSettings_failsNamingTheSetting() {
    trainer(dir.resolve("c"), 4).run(false, 2);
    MegalodonConfig c = tiny();
    TrainerSettings other = new TrainerSettings(dir.resolve("c"), 2, 32, 4, 2, 1e-3, 3e-4, AdamWConfig.paper(),
        1.0, 7, 150, 3, 64, 3600, 1);
    Trainer t = new Trainer(c, WeightSets.fromWeights(MegalodonWeights.initialize(c, 11)), null,
        new TrainingMode.Full(), other, corpus(3, 400, 1), corpus(1, 200, 2), line -> { });
    var e = assertThrows(MegalodonException.class, () -> t.run(true, Long.MAX_VALUE));
    assertEquals("checkpoint " + dir.resolve("c/checkpoint") + " was written with lr=0.003 but this run has"
        + " lr=0.001 (an exact resume needs the same settings; pass the original value or start a new run in"
        + " another directory)", e.getMessage());
  }

  /** A resume of the run in {@code out} with {@code config} (the checkpoint was written with tiny's). */
  private MegalodonException resumeWith(Path out, MegalodonConfig config) {
    trainer(out, 4).run(false, 2);
    Trainer t = new Trainer(config, WeightSets.fromWeights(MegalodonWeights.initialize(config, 11)), null,
        new TrainingMode.Full(), settings(out, 4), corpus(3, 400, 1), corpus(1, 200, 2), line -> { });
    return assertThrows(MegalodonException.class, () -> t.run(true, Long.MAX_VALUE));
  }

  @Test
  void resume_withOtherChunk_failsNamingBothChunks() {
    MegalodonException e = resumeWith(dir.resolve("e"), tiny().toBuilder().chunkSizeOverride(32).build());
    assertEquals("checkpoint " + dir.resolve("e/checkpoint") + " was written with chunk=16 but this run has"
        + " chunk=32 (an exact resume needs the same settings; pass the original value or start a new run in"
        + " another directory)", e.getMessage());
  }

  @Test
  void resume_withOtherRopeScaling_failsNamingBothScalings() throws Exception {
    RopeScalingConfig linear = RopeScalingConfig.fromJson(
        new ObjectMapper().readTree("{\"rope_type\": \"linear\", \"factor\": 2}"));
    MegalodonException e = resumeWith(dir.resolve("f"), tiny().toBuilder().ropeScaling(linear).build());
    assertEquals("checkpoint " + dir.resolve("f/checkpoint") + " was written with"
        + " rope_scaling={\"rope_type\":\"default\"} but this run has"
        + " rope_scaling={\"rope_type\":\"linear\",\"factor\":2.0} (an exact resume needs the same settings;"
        + " pass the original value or start a new run in another directory)", e.getMessage());
  }

  @Test
  void training_lowersTheLossOnASimpleLanguage() {
    MegalodonConfig c = tiny();
    TrainerSettings s = new TrainerSettings(dir.resolve("d"), 4, 32, 60, 5, 1e-2, 1e-3, AdamWConfig.paper(),
        1.0, 3, 0, 0, 0, 3600, 1);
    Trainer t = new Trainer(c, WeightSets.fromWeights(MegalodonWeights.initialize(c, 5)), null,
        new TrainingMode.Full(), s, corpus(4, 2000, 3), corpus(1, 600, 4), line -> { });
    Trainer.Summary sum = t.run(false, Long.MAX_VALUE);
    List<String> loss = column(dir.resolve("d/metrics.csv"), 1);
    double first = Double.parseDouble(loss.get(0));
    // ln(260) = 5.56 nats at the start; 10 words of 2-4 letters are far more predictable than that.
    assertTrue(first > 5.0, "initial loss " + first);
    assertTrue(sum.lastLoss() < 2.5, "final loss " + sum.lastLoss());
    assertTrue(sum.heldOutBitsPerByte() < 3.6, "held-out bits/byte " + sum.heldOutBitsPerByte());
  }

  private static List<String> column(Path csv, int col) {
    try {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
        out.add(line.split(",")[col]);
      }
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
