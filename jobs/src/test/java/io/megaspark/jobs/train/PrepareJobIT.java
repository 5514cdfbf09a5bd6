package io.megaspark.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.arrow.BlockFileReader;
import io.megaspark.chunking.block.BlockSpec;
import io.megaspark.chunking.block.TokenBlock;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.cli.Main;
import io.megaspark.jobs.input.BadReason;
import io.megaspark.jobs.input.OnBadRecord;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.megalodon.train.TokenDocument;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  static Path mixed;

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
    // Hidden files: neither prepare nor train's text reader takes them (one rule, InputPaths.isHidden); the
    // tests below that compare the cache with TextCorpus check that they agree.
    Files.writeString(train.resolve(".notes.txt"), "not a document", StandardCharsets.UTF_8);
    Files.write(train.resolve("_SUCCESS"), new byte[0]);
    // The same good files plus three that are not text, sorted after them: invalid UTF-8 at byte 3 ("caf\xe9"),
    // a NUL at byte 12, control bytes throughout (binary; no NUL, which would make it NUL_BYTE).
    mixed = Files.createDirectories(dir.resolve("mixed"));
    for (String n : names) {
      Files.copy(train.resolve(n), mixed.resolve(n));
    }
    Files.write(mixed.resolve("x-latin1.txt"), "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1));
    Files.write(mixed.resolve("y-nul.txt"), "text with a \0 inside it".getBytes(StandardCharsets.UTF_8));
    byte[] binary = new byte[600];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (1 + i * 131 % 31);
    }
    Files.write(mixed.resolve("z-binary.bin"), binary);
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
    return prepare(train, out, OnBadRecord.FAIL);
  }

  private static CacheManifest prepare(Path in, Path out, OnBadRecord policy) {
    return PrepareJob.run(spark, new PrepareJob.Settings(List.of(in.toString()), List.of(held.toString()), "bytes",
        new BlockSpec(16, 4), out.toString(), false, policy));
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

  @Test
  void prepare_failPolicy_namesTheFirstBadFileAndOffsetAndWritesNoCache() throws Exception {
    Path cache = dir.resolve("cache-fail");
    MegasparkException e = assertThrows(MegasparkException.class, () -> prepare(mixed, cache, OnBadRecord.FAIL));
    assertTrue(e.getMessage().startsWith("bad input record (invalid UTF-8) in file "), e.getMessage());
    assertTrue(e.getMessage().contains("x-latin1.txt, document x-latin1.txt, byte 3: byte 0x20 at byte 4 does not"
        + " continue"), e.getMessage()); // 0xE9 at byte 3 opens a 3-byte character; the space cannot continue it
    assertTrue(e.getMessage().contains("2 more bad records"), e.getMessage());
    assertFalse(Files.exists(cache));
    try (var staging = Files.list(dir)) {
      assertTrue(staging.noneMatch(p -> p.getFileName().toString().startsWith(".cache-fail")), "no staging left");
    }
  }

  @Test
  void prepare_skipPolicy_countsPerReason_andCachesTheGoodFilesAsARunWithoutTheBadOnes() throws Exception {
    Path skipped = dir.resolve("cache-skip");
    Path clean = dir.resolve("cache-clean");
    CacheManifest m = prepare(mixed, skipped, OnBadRecord.SKIP);
    CacheManifest want = prepare(train, clean, OnBadRecord.FAIL);

    assertEquals(Map.of(BadReason.INVALID_UTF8, 1L, BadReason.NUL_BYTE, 1L, BadReason.BINARY, 1L), m.skippedCounts());
    assertTrue(m.summary().endsWith("(1 held-out names excluded; 3 skipped: 1 binary content, 1 NUL byte,"
        + " 1 invalid UTF-8, listed in cache.json)"), m.summary());
    // The manifest lists them in input order, with file, document and offset, and reads back the same.
    CacheManifest read = CacheManifest.fromJson(Files.readString(skipped.resolve(CacheManifest.FILE_NAME)));
    assertEquals(m.skipped(), read.skipped());
    assertEquals(List.of("x-latin1.txt@3", "y-nul.txt@12", "z-binary.bin@0"),
        read.skipped().stream().map(b -> b.docId() + "@" + b.offset()).toList());
    assertTrue(Files.readString(skipped.resolve(CacheManifest.FILE_NAME)).contains("\"reason\" : \"invalid_utf8\""));
    assertEquals(List.of(), want.skipped());
    // The good documents' cache is the cache of a run without the bad files: same parts, same bytes.
    assertEquals(want.parts().size(), m.parts().size());
    for (int i = 0; i < want.parts().size(); i++) {
      CachePart w = want.parts().get(i);
      CachePart g = m.parts().get(i);
      assertEquals(w.file(), g.file());
      assertEquals(List.of(w.documents()), List.of(g.documents()), w.file());
      assertArrayEquals(Files.readAllBytes(clean.resolve(w.file())), Files.readAllBytes(skipped.resolve(g.file())),
          w.file());
    }
    // train reads the skipped counts from the manifest and says so.
    String console = train(dir.resolve("run-skip"), skipped.toString());
    assertTrue(console.contains("prepare --on-bad-record=skip left out bad files, 3 skipped: 1 binary content,"
        + " 1 NUL byte, 1 invalid UTF-8, listed in its cache.json"), console);
  }

  /** metrics.csv's rows without the timing column after 5 steps of train on the tiny config. */
  private static List<String> steps(Path out, String input) throws Exception {
    String console = train(out, input);
    assertTrue(console.contains("5 training documents"), console);
    assertTrue(console.contains("1 held-out names excluded"), console);
    List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.substring(0, line.lastIndexOf(','))); // drop tokens_per_s
    }
    return rows;
  }

  /** Runs 5 steps of train on the tiny config; returns its console output. */
  private static String train(Path out, String input) {
    StringWriter sw = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(sw, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("train", "--config", tiny(), "--input", input, "--held-out", held.toString(),
        "--output", out.toString(), "--steps", "5", "--batch", "2", "--block-tokens", "32", "--warmup", "1",
        "--max-piece-tokens", "200", "--eval-every", "0", "--eval-tokens", "64", "--threads", "1", "--seed", "4");
    assertEquals(0, code, err.toString());
    return sw.toString();
  }
}
