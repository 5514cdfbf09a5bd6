package io.megaspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train --on-executor: the same training in one Spark task (local[2]; the command owns its session). */
class TrainOnExecutorIT {
  @TempDir static Path dir;

  @Test
  void onExecutor_trainsInOneSparkTask_exactlyAsOnTheDriver() throws Exception {
    Path train = Files.createDirectories(dir.resolve("train"));
    Random r = new Random(5);
    for (String name : new String[] {"a.txt", "b.txt"}) {
      StringBuilder sb = new StringBuilder();
      while (sb.length() < 500) {
        sb.append(r.nextBoolean() ? "cat " : "mat\n");
      }
      Files.writeString(train.resolve(name), sb, StandardCharsets.UTF_8);
    }
    String tiny = TestSpark.projectRoot().resolve("conf/models/tiny.json").toString();
    List<String> common = List.of("train", "--config", tiny, "--input", train.toString(), "--steps", "3",
        "--batch", "2", "--block-tokens", "32", "--warmup", "1", "--eval-every", "0", "--threads", "1", "--seed", "6");
    TrainCommandTest.Run driver = TrainCommandTest.run(with(common, "--output", dir.resolve("driver").toString()));
    TrainCommandTest.Run task = TrainCommandTest.run(with(common, "--output", dir.resolve("task").toString(),
        "--on-executor", "--master", "local[2]", "--conf", "spark.ui.enabled=false"));

    assertEquals(0, driver.exitCode(), driver.err());
    assertEquals(0, task.exitCode(), task.err());
    assertTrue(task.out().contains("train: 3 steps"), task.out()); // the task's output, handed back
    assertArrayEquals(Files.readAllBytes(dir.resolve("driver/checkpoint/model.safetensors")),
        Files.readAllBytes(dir.resolve("task/checkpoint/model.safetensors")));
  }

  @Test
  void taskArgs_dropTheDriversOptions_andMakePathsAbsolute() {
    CommandLine cli = Main.commandLine();
    CommandLine.ParseResult parsed = cli.parseArgs("train", "--on-executor", "--master", "local[2]", "--conf", "a=b",
        "--input", "rel/in", "--input", "hdfs://nn/x", "--output", "out", "--resume", "--lora-targets", "wz,wv")
        .subcommand();
    List<String> args = TrainOnExecutor.taskArgs(parsed, Path.of("conf/models/small.json"));
    String cwd = Path.of("").toAbsolutePath().toString();
    assertEquals(List.of("train", "--config", cwd + "/conf/models/small.json", "--input", cwd + "/rel/in", "--input",
        "hdfs://nn/x", "--output", cwd + "/out", "--resume", "--lora-targets", "wz", "--lora-targets", "wv"), args);
    assertFalse(args.contains("--master"));
  }

  private static String[] with(List<String> common, String... more) {
    List<String> all = new java.util.ArrayList<>(common);
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }
}
