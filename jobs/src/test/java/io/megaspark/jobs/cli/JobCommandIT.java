package io.megaspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.testing.Corpora;
import io.megaspark.jobs.testing.ToyModelFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The jobs through bin/megaspark's entry point (each run owns and stops its SparkSession). */
class JobCommandIT {
  static final String TOY = "--model=" + "factory:" + ToyModelFactory.class.getName() + ":4,260,8,7";

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void score_cliRun_writesOutputAndPrintsSummaryLine(@TempDir Path dir) throws Exception {
    Corpora.textFiles(dir.resolve("in"), 3, 5, 60);
    Result r = run("score", "--input=" + dir.resolve("in"), "--output=" + dir.resolve("out"), TOY,
        "--format=json", "--block-tokens=8", "--master=local[2]", "--conf", "spark.ui.enabled=false");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("score: 5 documents") && r.out().contains("(json)"), r.out());
    try (var files = Files.list(dir.resolve("out"))) {
      assertEquals(1, files.filter(p -> p.getFileName().toString().endsWith(".json")).count());
    }
  }

  @Test
  void score_bundledModelMissing_saysSoAndExits2(@TempDir Path dir) {
    Result r = run("score", "--output=" + dir.resolve("out"), "--model=" + dir.resolve("nothing"));
    assertEquals(2, r.code());
    assertTrue(r.err().contains("model not found: " + dir.resolve("nothing") + " has no config.json"), r.err());
  }

  @Test
  void badOptionValue_namesKeyAndRule(@TempDir Path dir) {
    Result r = run("embed", "--output=" + dir.resolve("out"), "--batch-size=zero", TOY);
    assertEquals(2, r.code());
    assertTrue(r.err().contains("bad value for --batch-size: 'zero'"), r.err());
  }

  @Test
  void help_listsTheJobOptions() {
    Result r = run("summarize", "--help");
    assertEquals(0, r.code());
    for (String opt : new String[] {"--input", "--output", "--model", "--format", "--partitions", "--block-tokens",
        "--batch-size", "--on-bad-record", "--carry-state", "--sentences", "--mode", "--master", "--conf"}) {
      assertTrue(r.out().contains(opt), opt + " in\n" + r.out());
    }
  }
}
