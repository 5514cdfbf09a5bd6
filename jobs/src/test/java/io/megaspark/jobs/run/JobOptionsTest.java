package io.megaspark.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.OptionValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobOptionsTest {
  @Test
  void resolve_commandLineOverJobFileOverDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("score.conf");
    Files.writeString(file, "batch-size = 16\npartitions = 3\n");
    Map<String, String> v = JobOptions.resolve("score", Map.of("batch-size", "4"), file);
    assertEquals("4", v.get("batch-size"));
    assertEquals("3", v.get("partitions"));
    assertEquals("parquet", v.get("format"));
  }

  @Test
  void resolve_unknownKeyInJobFile_failsListingValidKeys(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("embed.conf");
    Files.writeString(file, "batchsize = 16\n");
    MegasparkException e = assertThrows(MegasparkException.class, () -> JobOptions.resolve("embed", Map.of(), file));
    assertTrue(e.getMessage().contains("unknown key 'batchsize'") && e.getMessage().contains("batch-size"),
        e.getMessage());
  }

  @Test
  void resolve_keyOfAnotherJob_isUnknown() {
    MegasparkException e = assertThrows(MegasparkException.class,
        () -> JobOptions.resolve("score", Map.of("sentences", "3"), null));
    assertTrue(e.getMessage().contains("unknown key 'sentences'"), e.getMessage());
  }

  @Test
  void values_badNumber_namesKeyValueAndRule() {
    OptionValues v = new OptionValues(JobOptions.resolve("score", Map.of("batch-size", "0"), null));
    MegasparkException e = assertThrows(MegasparkException.class, () -> RunOptions.from(v));
    assertEquals("bad value for --batch-size: '0'; it must be an integer from 1 to 4096 (command line, or the job"
        + " file conf/jobs/<job>.conf)", e.getMessage());
  }

  @Test
  void text_unescapesNewlinesAndTabs() {
    OptionValues v = new OptionValues(JobOptions.resolve("summarize", Map.of(), null));
    assertEquals("\n\nSummary:", v.text("prompt"));
  }

  @Test
  void blockTokens_notAMultipleOfTheChunk_fails() {
    MegasparkException e = assertThrows(MegasparkException.class,
        () -> RunOptions.defaults().withBlockTokens(100).blockTokensFor(16));
    assertTrue(e.getMessage().contains("a multiple of the model's chunk size 16"), e.getMessage());
    assertEquals(2048, RunOptions.defaults().blockTokensFor(16));
    assertEquals(1536, RunOptions.defaults().blockTokensFor(768));
  }
}
