package io.megaspark.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.arrow.BlockFileReader;
import io.megaspark.chunking.block.BlockSpec;
import io.megaspark.chunking.block.TokenBlock;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.cli.Main;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.megalodon.train.TokenDocument;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** prepare on Spark writes a token cache that train reads as it reads the text files. */
class PrepareJobIT {
  static SparkSession spark;
  @TempDir static Path dir;
  static Path train;
  static Path held;

  @BeforeAll
  static void start() throws Exception {
    spark = TestSpark.local();
    Random r = new Random(3);
    train = Files.createDirectories(dir.resolve("train"));
    held = Files.createDirectories(dir.resolve("held"));
    // Six documents of different lengths (one empty, one with multi-byte UTF-8), over several partitions.
    String[] names = {"a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"};
    int[] lengths = {900, 0, 1500, 300, 700, 1200};
    for (int i = 0; i < names.length; i++) {
      Files.writeString(train.resolve(names[i]), text(r, lengths[i]), StandardCharsets.UTF_8);
    }
    Files.writeString(held.resolve("d.txt"), text(r, 400), StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static String text(Random r, int n) {
    String[] words = {"the ", "cat ", "sat ", "on ", "a ", "mat ", "and ", "dög ", "ran\n"};
    StringBuilder sb = new StringBuilder();
    while (sb.length() < n) {
      sb.append(words[r.nextInt(words.length)]);
    }
    return sb.toString();
  }

  private static String tiny() {
    return TestSpark.projectRoot().resolve("conf/models/tiny.json").toString();
  }

  private static CacheManifest prepare(Path out) {
    return PrepareJob.run(spark, new PrepareJob.Settings(List.of(train.toString()), List.of(held.toString()), "bytes",
        new BlockSpec(16, 4), out.toString(), false));
  }

  @Test
  void prepare_writesTheTextFilesTokensInOrder_withoutTheHeldOutOnes() throws Exception {
    Path cache = dir.resolve("cache-a");
    CacheManifest m = prepare(cache);

    assertEquals(5, m.documents());
    assertEquals(1, m.excludedDocuments());
    assertEquals(List.of("d.txt"), m.heldOutNames());
    assertTrue(m.parts().size() > 1, "several tasks wrote block files: " + m.parts().size());
    List<TokenDocument> want = TextCorpus.read(TextCorpus.files(List.of(train.toString())),
        Tokenizers.byName("bytes"), Set.of("d.txt"));
    TokenCache.Contents got = TokenCache.read(cache.toString(), new Configuration(), "bytes", Set.of());
    assertEquals(want.size(), got.documents().size());
    for (int i = 0; i < want.size(); i++) {
      TokenDocument w = want.get(i);
      TokenDocument g = got.documents().get(i);
      assertEquals(w.id(), g.id());
      assertEquals(w.byteCount(), g.byteCount(), w.id());
      assertTrue(java.util.Arrays.equals(w.tokens(), g.tokens()), w.id());
    }
    // The block files are chunking's: blocks of 64 tokens, a document's last one shorter and flagged.
    List<TokenBlock> blocks = BlockFileReader.readAll(cache.resolve(m.parts().get(0).file()));
    assertEquals(64, blocks.get(0).tokens().length);
    assertTrue(blocks.get(blocks.size() - 1).last());
    assertTrue(Files.exists(cache.resolve(CacheManifest.FILE_NAME)));
    try (var staging = Files.list(dir)) {
      assertTrue(staging.noneMatch(p -> p.getFileName().toString().startsWith(".cache-a")), "no staging left");
    }
  }

  @Test
  void trainFromTheCache_givesTheSameLossesAsTrainFromTheTextFiles() throws Exception {
    Path cache = dir.resolve("cache-b");
    prepare(cache);
    List<String> fromText = steps(dir.resolve("run-text"), train.toString());
    List<String> fromCache = steps(dir.resolve("run-cache"), cache.toString());
    assertEquals(5, fromText.size());
    assertEquals(fromText, fromCache); // loss, lr, gradient norm and targets of every step
    // and exactly: the same documents, order, tokens and seed give the same weights to the bit
    assertArrayEquals(Files.readAllBytes(dir.resolve("run-text/checkpoint/model.safetensors")),
        Files.readAllBytes(dir.resolve("run-cache/checkpoint/model.safetensors")));
  }

  @Test
  void read_cacheOfAnotherTokenizer_failsNamingBoth() {
    Path cache = dir.resolve("cache-c");
    prepare(cache);
    MegasparkException e = assertThrows(MegasparkException.class,
        () -> TokenCache.read(cache.toString(), new Configuration(), "gpt2", Set.of()));
    assertTrue(e.getMessage().contains("holds bytes token ids, but the model uses the gpt2 tokenizer"), e.getMessage());
  }

  /** metrics.csv's rows without the timing column after 5 steps of train on the tiny config. */
  private static List<String> steps(Path out, String input) throws Exception {
    StringWriter sw = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(sw, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("train", "--config", tiny(), "--input", input, "--held-out", held.toString(),
        "--output", out.toString(), "--steps", "5", "--batch", "2", "--block-tokens", "32", "--warmup", "1",
        "--max-piece-tokens", "200", "--eval-every", "0", "--eval-tokens", "64", "--threads", "1", "--seed", "4");
    assertEquals(0, code, err.toString());
    assertTrue(sw.toString().contains("5 training documents"), sw.toString());
    assertTrue(sw.toString().contains("1 held-out names excluded"), sw.toString());
    List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.substring(0, line.lastIndexOf(','))); // drop tokens_per_s
    }
    return rows;
  }
}
