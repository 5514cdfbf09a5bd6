package io.megaspark.chunking.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.Samples;
import io.megaspark.chunking.tokenize.ByteTokenizer;
import io.megaspark.chunking.tokenize.Gpt2Tokenizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Huge inputs stream in bounded memory: each case runs {@link LargeInputProbe} in a child JVM whose heap
 * is smaller than the input (so holding the input, or its tokens, would fail with OutOfMemoryError).
 *
 * <p>Sizes, chosen for CI time on 2 cores (override with -D): the byte tokenizer does the full 1 GiB
 * ({@code megaspark.large.bytes}) at several hundred MB/s; GPT-2 BPE runs at about 3-4 MB/s per core
 * (jtokkit's own speed, see TokenizerBenchmark), so 1 GiB would take minutes: CI does 32 MiB of prose
 * ({@code megaspark.large.bpeBytes}) and a 16 MiB line of letters without a single space
 * ({@code megaspark.large.lineBytes}; the 100 MiB case of the issue runs the same code, only longer) under
 * a 64 MiB heap, which is smaller than either input held as bytes plus a String plus its tokens.
 */
class LargeInputTest {
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;

  @TempDir Path tmp;

  @Test
  void oneGibibyteStreamsThroughByteTokenizerIn512MegabyteHeap() throws Exception {
    long size = Long.getLong("megaspark.large.bytes", GIB);
    Path file = repeatSamples(tmp.resolve("large-bytes.txt"), size);
    Map<String, String> r = probe("-Xmx512m", ByteTokenizer.NAME, file, false);
    assertEquals(size + 2, Long.parseLong(r.get("tokens")), "one token per byte plus BOS and EOS");
    assertEquals(expectedByteHash(file), Long.parseLong(r.get("hash")), "the exact token sequence");
    assertEquals(new BlockSpec(2048, 4).blockCount(size + 2), Long.parseLong(r.get("blocks")));
  }

  @Test
  void proseStreamsThroughGpt2ExactlyInSmallHeap() throws Exception {
    long size = Long.getLong("megaspark.large.bpeBytes", 32 * MIB);
    // A unit that starts with whitespace and ends with a non-space: copies meet at a safe BPE cut, so the
    // file's tokens are the unit's tokens repeated, computed here without holding the file.
    String unit = "\n" + new String(Samples.bytes(Samples.dir().resolve("austen-persuasion.txt")),
        StandardCharsets.UTF_8).strip();
    byte[] unitBytes = unit.getBytes(StandardCharsets.UTF_8);
    long copies = Math.max(1, size / unitBytes.length);
    Path file = tmp.resolve("large-prose.txt");
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long i = 0; i < copies; i++) {
        out.write(unitBytes);
      }
    }
    Gpt2Tokenizer gpt2 = Gpt2Tokenizer.instance();
    int[] unitTokens = gpt2.encode(unit);
    long hash = gpt2.bosId();
    for (long i = 0; i < copies; i++) {
      for (int t : unitTokens) {
        hash = hash * 31 + t;
      }
    }
    hash = hash * 31 + gpt2.eosId();
    Map<String, String> r = probe("-Xmx64m", Gpt2Tokenizer.NAME, file, false);
    assertEquals(copies * unitTokens.length + 2, Long.parseLong(r.get("tokens")));
    assertEquals(hash, Long.parseLong(r.get("hash")), "exactly the whole-string tokens");
    assertEquals("0", r.get("forced"));
  }

  @Test
  void aHugeLineWithoutSpacesStreamsThroughGpt2InSmallHeapAndDecodesBack() throws Exception {
    long size = Long.getLong("megaspark.large.lineBytes", 16 * MIB);
    Path file = tmp.resolve("large-line.txt");
    Random rnd = new Random(17);
    byte[] buf = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += buf.length) {
        for (int i = 0; i < buf.length; i++) {
          buf[i] = (byte) ('a' + rnd.nextInt(26)); // letters only: no safe BPE cut anywhere
        }
        out.write(buf, 0, (int) Math.min(buf.length, size - done));
      }
    }
    Map<String, String> r = probe("-Xmx64m", Gpt2Tokenizer.NAME, file, true);
    assertEquals("ok", r.get("roundtrip"), "the tokens decode back to the exact bytes");
    // Every FORCED_PIECE_CHARS chars but in the last window, which is encoded whole (exact) at the end.
    long forced = (size - Gpt2Tokenizer.PIECE_CHARS - 1) / Gpt2Tokenizer.FORCED_PIECE_CHARS;
    assertTrue(Long.parseLong(r.get("forced")) >= forced, "forced cuts are counted: " + r);
    assertEquals(size, Long.parseLong(r.get("bytes")));
  }

  /** Runs the probe in a child JVM and parses its key=value line. */
  private static Map<String, String> probe(String heap, String tokenizer, Path file, boolean roundtrip)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), LargeInputProbe.class.getName(), tokenizer,
        file.toString()));
    if (roundtrip) {
      cmd.add("roundtrip");
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "probe finished");
    assertEquals(0, p.exitValue(), "probe failed:\n" + out);
    System.out.println("LargeInputTest " + tokenizer + " " + heap + " " + Files.size(file) + " bytes: " + out.strip());
    Map<String, String> result = new HashMap<>();
    String line = out.strip().lines().reduce((a, b) -> b).orElse("");
    for (String kv : line.split(" ")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        result.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return result;
  }

  /** The samples' bytes repeated up to exactly size bytes (they include ISO-8859-1, kept as raw bytes). */
  private static Path repeatSamples(Path file, long size) throws IOException {
    java.io.ByteArrayOutputStream unit = new java.io.ByteArrayOutputStream();
    for (Path p : Samples.files()) {
      unit.writeBytes(Samples.bytes(p));
    }
    byte[] u = unit.toByteArray();
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += u.length) {
        out.write(u, 0, (int) Math.min(u.length, size - done));
      }
    }
    return file;
  }

  /** The reference: BOS, each byte, EOS, hashed as the probe hashes tokens. */
  private static long expectedByteHash(Path file) throws IOException {
    long hash = ByteTokenizer.BOS;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          hash = hash * 31 + (buf[i] & 0xFF);
        }
      }
    }
    return hash * 31 + ByteTokenizer.EOS;
  }
}
