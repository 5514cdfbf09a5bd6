package io.megaspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.lora.LoraAdapters;
import io.megaspark.megalodon.lora.LoraMerge;
import io.megaspark.megalodon.model.BlockOutput;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.model.OutputRequest;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.train.AttentionPattern;
import io.megaspark.megalodon.train.GraphSpec;
import io.megaspark.megalodon.train.HostTensor;
import io.megaspark.megalodon.train.ParameterSet;
import io.megaspark.megalodon.train.RotaryTable;
import io.megaspark.megalodon.train.StepResult;
import io.megaspark.megalodon.train.TrainingSession;
import io.megaspark.megalodon.train.WeightSets;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train, lora-merge and bits-per-byte end to end on the tiny config (a few steps, no Spark). */
class TrainCommandTest {
  record Run(int exitCode, String out, String err) {}

  @TempDir static Path dir;
  static Path tiny;

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String[] with(List<String> args, String... more) {
    List<String> all = new java.util.ArrayList<>(args);
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  private static String text(Random r, int n) {
    String[] words = {"the ", "cat ", "sat ", "on ", "a ", "mat ", "and ", "dog ", "ran\n"};
    StringBuilder sb = new StringBuilder();
    while (sb.length() < n) {
      sb.append(words[r.nextInt(words.length)]);
    }
    return sb.toString();
  }

  @BeforeAll
  static void corpus() throws Exception {
    String root = System.getProperty("megaspark.root", "..");
    tiny = Path.of(root, "conf", "models", "tiny.json");
    Random r = new Random(1);
    Path train = Files.createDirectories(dir.resolve("train"));
    Path held = Files.createDirectories(dir.resolve("held"));
    for (String name : new String[] {"a.txt", "b.txt", "c.txt"}) {
      Files.writeString(train.resolve(name), text(r, 600), StandardCharsets.UTF_8);
    }
    Files.writeString(held.resolve("c.txt"), text(r, 300), StandardCharsets.UTF_8);
  }

  @Test
  void trainThenLongLoraThenMergeThenEvaluate() throws Exception {
    Path out = dir.resolve("run");
    Run t = run("train", "--config", tiny.toString(), "--input", dir.resolve("train").toString(),
        "--held-out", dir.resolve("held").toString(), "--output", out.toString(), "--steps", "4", "--batch", "2",
        "--block-tokens", "32", "--warmup", "1", "--eval-every", "2", "--eval-tokens", "64", "--threads", "1");
    assertEquals(0, t.exitCode(), t.err());
    assertTrue(t.out().contains("2 training documents"), t.out());
    assertTrue(t.out().contains("1 held-out names excluded"), t.out());
    assertEquals(5, Files.readAllLines(out.resolve("metrics.csv")).size());
    assertTrue(Files.exists(out.resolve("checkpoint/model.safetensors")));
    assertTrue(Files.size(out.resolve("loss.png")) > 1000);

    Run again = run("train", "--config", tiny.toString(), "--input", dir.resolve("train").toString(),
        "--output", out.toString(), "--steps", "4");
    assertEquals(UserErrorHandler.USER_ERROR, again.exitCode());
    assertTrue(again.err().contains("output already has a checkpoint: " + out.resolve("checkpoint")), again.err());

    Path lora = dir.resolve("lora");
    Run l = run("train", "--base", out.resolve("checkpoint").toString(), "--input", dir.resolve("train").toString(),
        "--output", lora.toString(), "--steps", "2", "--batch", "2", "--block-tokens", "32", "--warmup", "1",
        "--eval-every", "0", "--threads", "1", "--lora-rank", "4", "--chunk", "32", "--s2-group", "16",
        "--rope-scaling", "{\"rope_type\":\"linear\",\"factor\":2}");
    assertEquals(0, l.exitCode(), l.err());
    assertTrue(Files.exists(lora.resolve("checkpoint/lora.safetensors")));

    // A resume must repeat the fine-tuning's chunk and RoPE scaling: the checkpoint carries them.
    List<String> resume = List.of("train", "--base", out.resolve("checkpoint").toString(), "--input",
        dir.resolve("train").toString(), "--output", lora.toString(), "--resume", "--steps", "2", "--batch", "2",
        "--block-tokens", "32", "--warmup", "1", "--eval-every", "0", "--threads", "1", "--lora-rank", "4");
    Run otherChunk = run(with(resume, "--chunk", "16", "--rope-scaling", "{\"rope_type\":\"linear\",\"factor\":2}"));
    assertEquals(UserErrorHandler.USER_ERROR, otherChunk.exitCode(), otherChunk.err());
    assertTrue(otherChunk.err().contains("was written with chunk=32 but this run has chunk=16"), otherChunk.err());
    Run noRope = run(with(resume, "--chunk", "32"));
    assertEquals(UserErrorHandler.USER_ERROR, noRope.exitCode(), noRope.err());
    assertTrue(noRope.err().contains("was written with rope_scaling={\"rope_type\":\"linear\",\"factor\":2.0} but"
        + " this run has rope_scaling={\"rope_type\":\"default\"}"), noRope.err());

    // The LongLoRA checkpoint carries the chunk and RoPE of its fine-tuning, so the merge needs no flags.
    Path merged = dir.resolve("merged");
    Run m = run("lora-merge", "--model", lora.resolve("checkpoint").toString(), "--output", merged.toString());
    assertEquals(0, m.exitCode(), m.err());
    MegalodonConfig mc = MegalodonConfig.load(merged.resolve("config.json"));
    assertEquals(16, mc.chunkSize());
    assertEquals(32, mc.attentionChunk());
    assertEquals("linear", mc.ropeScaling().scaling().ropeType());
    assertTrue(Files.notExists(merged.resolve("rope_scaling.json")));
    mergedWithoutFlags_equalsBasePlusAdaptersWithFlags(lora.resolve("checkpoint"), merged);

    Run e = run("bits-per-byte", "--model", out.resolve("checkpoint").toString(), "--input",
        dir.resolve("held").toString(), "--block-tokens", "32", "--rows", "1", "--threads", "1");
    assertEquals(0, e.exitCode(), e.err());
    // Targets are every byte of the document plus its EOS (the input is BOS + bytes + EOS).
    long targets = Files.size(dir.resolve("held").resolve("c.txt")) + 1;
    assertTrue(e.out().contains("| 0-1K | " + targets + " |"), e.out());
  }

  /**
   * The merged model as every job loads it (MegalodonModel.load, config.json only, no flags) gives the
   * target log-probabilities of the base weights plus adapters run in the training graph with the
   * fine-tuning's flags spelled out here (chunk 32, RoPE frequencies halved: linear factor 2).
   */
  private static void mergedWithoutFlags_equalsBasePlusAdaptersWithFlags(Path checkpoint, Path merged) {
    MegalodonConfig base = MegalodonConfig.load(tiny);
    LoraAdapters lora = LoraAdapters.load(checkpoint.resolve(LoraMerge.FILE_NAME), base);
    ParameterSet adapters = new ParameterSet();
    LoraAdapters.layout(base, lora.config()).forEach((n, shape) -> adapters.put(n, new HostTensor(shape, lora.get(n))));
    ParameterSet weights = WeightSets.fromWeights(MegalodonWeights.load(checkpoint, base));
    double[] inv = RotaryTable.standard(base.headDimZ(), base.ropeBase()).invFreq();
    for (int i = 0; i < inv.length; i++) {
      inv[i] /= 2; // linear scaling, factor 2
    }
    int t = 64;
    GraphSpec flags = new GraphSpec(base, 1, t, 32, new RotaryTable(inv, 1.0), new AttentionPattern.Causal(),
        Optional.of(lora.config()), Set.of(), false);
    Random r = new Random(9);
    int[][] tokens = new int[1][t];
    int[][] targets = new int[1][t];
    for (int j = 0; j < t; j++) {
      tokens[0][j] = r.nextInt(256);
      targets[0][j] = r.nextInt(256);
    }
    StreamState[] initial = {StreamState.initial(base)};
    StepResult want;
    try (TrainingSession s = new TrainingSession(flags, 1)) {
      want = s.run(weights, adapters, initial, tokens, targets, new int[] {t}, 0);
    }
    BlockOutput got;
    try (MegalodonModel model = MegalodonModel.load(merged, ModelOptions.threads(1))) {
      got = model.forward(initial, tokens, new int[] {t}, OutputRequest.targets(targets));
    }
    // The same weights without the saved chunk and RoPE: what a merge that dropped them would run.
    MegalodonConfig plain = base.toBuilder().build();
    BlockOutput dropped;
    try (MegalodonModel model = MegalodonModel.of(plain, MegalodonWeights.load(merged, plain), ModelOptions.threads(1))) {
      dropped = model.forward(initial, tokens, new int[] {t}, OutputRequest.targets(targets));
    }
    double maxDropped = 0;
    for (int j = 0; j < t; j++) {
      // both float32, merged weights rounded once: InferenceConsistencyTest's 2e-4
      assertEquals(want.nll()[0][j], -got.targetLogProbs()[0][j], 2e-4, "position " + j);
      maxDropped = Math.max(maxDropped, Math.abs(want.nll()[0][j] + dropped.targetLogProbs()[0][j]));
    }
    assertTrue(maxDropped > 1e-3, "the chunk and RoPE matter: " + maxDropped);
  }
}
