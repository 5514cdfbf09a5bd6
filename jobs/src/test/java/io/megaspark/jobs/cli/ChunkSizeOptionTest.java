package io.megaspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.ParseResult;

/**
 * Every job that runs a model takes {@code --chunk-size} (issue 6, deliverable 2), and a block that is not a
 * multiple of the attention chunk fails at once, before Spark starts, with a message that names the chunk and
 * where it comes from. The model is the official tiny checkpoint (chunk 16); no job here reaches Spark.
 */
class ChunkSizeOptionTest {
  static final Path GOLDEN =
      Path.of(System.getProperty("megaspark.golden", "../shared/golden")).resolve("megalodon-tiny-a");

  @ParameterizedTest
  @ValueSource(strings = {"score", "embed", "summarize", "generate", "passkey"})
  void chunkSize_everyJob_isParsed(String job) {
    ParseResult parsed = Main.commandLine().parseArgs(job, "--chunk-size", "32", "--output", "o");

    assertEquals("32", parsed.subcommand().matchedOptionValue("--chunk-size", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"score", "embed", "summarize", "generate", "passkey"})
  void blockTokens_notMultipleOfChunkSize_failsBeforeSparkNamingTheOption(String job, @TempDir Path dir) {
    // 48 is a multiple of the trained chunk 16, not of the inference chunk 32.
    Result r = run(job, dir, "--chunk-size", "32", "--block-tokens", "48");

    assertEquals(UserErrorHandler.USER_ERROR, r.rc());
    assertTrue(r.err().contains("bad value for --block-tokens: '48'; it must be a multiple of the attention chunk 32"
        + " (--chunk-size)"), r.err());
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }

  @ParameterizedTest
  @ValueSource(strings = {"score", "passkey"})
  void blockTokens_notMultipleOfTrainedChunk_failsNamingTheModelsChunk(String job, @TempDir Path dir) {
    Result r = run(job, dir, "--block-tokens", "24");

    assertEquals(UserErrorHandler.USER_ERROR, r.rc());
    assertTrue(r.err().contains("it must be a multiple of the model's chunk size 16 (or pass --chunk-size)"), r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"score", "embed", "summarize", "generate"})
  void chunkSize_validBlock_reachesTheModelReference(String job) {
    JobCommand command = (JobCommand) Main.commandLine().getSubcommands().get(job).getCommandSpec().userObject();

    var spec = command.jobSpec(java.util.Map.of("model", GOLDEN.toString(), "output", "o", "chunk-size", "32",
        "block-tokens", "64"));

    assertEquals("TensorFlow[directory=" + GOLDEN + ", overrides=ModelOverrides[chunkSize=32, rope=, infini=]]",
        spec.model().toString());
    assertEquals(64, spec.run().blockTokens());
  }

  private record Result(int rc, String err) {}

  private static Result run(String job, Path dir, String... options) {
    StringWriter err = new StringWriter();
    var cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    String[] args = new String[options.length + 5];
    args[0] = job;
    args[1] = "--model";
    args[2] = GOLDEN.toString();
    args[3] = "--output";
    args[4] = dir.resolve("out").toString();
    System.arraycopy(options, 0, args, 5, options.length);
    return new Result(cli.execute(args), err.toString());
  }
}
