package io.megaspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batch FILE}: line splitting, and a failing job stops the batch. No job here reaches Spark. */
class BatchCommandTest {
  static final Path GOLDEN =
      Path.of(System.getProperty("megaspark.golden", "../shared/golden")).resolve("megalodon-tiny-a");

  @Test
  void split_quotedJson_keptVerbatim() {
    BatchCommand b = new BatchCommand();

    List<String> args = b.split("score  --rope '{\"rope_type\": \"linear\", \"factor\": 2}' --x \"a b\"c", 1);

    assertEquals(List.of("score", "--rope", "{\"rope_type\": \"linear\", \"factor\": 2}", "--x", "a bc"), args);
  }

  @Test
  void batch_failingJob_stopsAndNamesTheLine(@TempDir Path dir) throws IOException {
    Path jobs = dir.resolve("jobs.txt");
    String bad = "score --model " + GOLDEN + " --output " + dir.resolve("a") + " --chunk-size 32 --block-tokens 48";
    Files.writeString(jobs, "# two jobs\n\n" + bad + "\n" + bad.replace("/a ", "/b ") + "\n");
    StringWriter err = new StringWriter();
    var cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int rc = cli.execute("batch", jobs.toString());

    assertEquals(UserErrorHandler.USER_ERROR, rc);
    String e = err.toString();
    assertTrue(e.contains("batch: job 1/2 (line 3): score --model"), e);
    assertTrue(e.contains("megaspark score: bad value for --block-tokens: '48'"), e);
    assertTrue(e.contains("batch: job 1/2 (line 3 of " + jobs + ") failed with exit code 2; the jobs after it were"
        + " not run"), e);
    assertTrue(!e.contains("job 2/2"), e);
  }

  @Test
  void batch_unterminatedQuote_failsNamingTheLine(@TempDir Path dir) throws IOException {
    Path jobs = dir.resolve("jobs.txt");
    Files.writeString(jobs, "score --rope '{\n");
    StringWriter err = new StringWriter();
    var cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int rc = cli.execute("batch", jobs.toString());

    assertEquals(UserErrorHandler.USER_ERROR, rc);
    assertTrue(err.toString().contains(jobs + " line 1: unterminated ' quote"), err.toString());
  }
}
