package io.megaspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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

    Path merged = dir.resolve("merged");
    Run m = run("lora-merge", "--model", lora.resolve("checkpoint").toString(), "--output", merged.toString(),
        "--chunk", "32");
    assertEquals(0, m.exitCode(), m.err());
    assertTrue(Files.readString(merged.resolve("config.json")).contains("\"chunk_size\" : 32")
        || Files.readString(merged.resolve("config.json")).contains("\"chunk_size\":32"));

    Run e = run("bits-per-byte", "--model", out.resolve("checkpoint").toString(), "--input",
        dir.resolve("held").toString(), "--block-tokens", "32", "--rows", "1", "--threads", "1");
    assertEquals(0, e.exitCode(), e.err());
    // one target per byte plus the EOS prediction
    long targets = Files.size(dir.resolve("held/c.txt")) + 1;
    assertTrue(e.out().contains("| 0-1K | " + targets + " |"), e.out());
  }
}
