package io.megaspark.jobs.train;

import io.megaspark.chunking.arrow.BlockFileReader;
import io.megaspark.chunking.block.TokenBlock;
import io.megaspark.jobs.JobErrors;
import io.megaspark.megalodon.train.TokenDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Reads a token cache written by {@link PrepareJob} (docs/formats.md, "Token caches") back into training
 * documents on the driver, in corpus order: the same documents, in the same order, with the same tokens as
 * {@link TextCorpus} reads from the text files, so a run trains the same either way.
 *
 * <p>A cache on a local (or mounted) file system is read in place; one on another Hadoop file system
 * ({@code hdfs://...}) is copied to a local temporary directory first.
 */
public final class TokenCache {
  /** What was read. */
  public record Contents(CacheManifest manifest, List<TokenDocument> documents, int excluded) {}

  private TokenCache() {}

  /** True when {@code input} is a directory with a cache manifest. */
  public static boolean isCache(String input, Configuration conf) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input, CacheManifest.FILE_NAME);
    try {
      return p.getFileSystem(conf).isFile(p);
    } catch (IOException | IllegalArgumentException e) {
      return false; // a glob or an unreadable path is not a cache; the text reader reports it
    }
  }

  /**
   * Reads every document of a cache.
   *
   * @param tokenizer the model's tokenizer: the cache must have been made with it
   * @param excludedNames held-out file names; documents with one of these names are left out again (a
   *     cache prepared with other held-out files must not leak them into training)
   */
  public static Contents read(String cache, Configuration conf, String tokenizer, Set<String> excludedNames) {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(cache);
    Path tmp = null;
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Path local;
      if (fs.getUri().getScheme().equals("file")) {
        local = Path.of(fs.makeQualified(dir).toUri());
      } else {
        tmp = Files.createTempDirectory("megaspark-cache");
        local = tmp.resolve("cache");
        fs.copyToLocalFile(false, dir, new org.apache.hadoop.fs.Path(local.toUri()), true);
      }
      return readLocal(cache, local, tokenizer, excludedNames);
    } catch (IOException e) {
      throw JobErrors.cacheUnreadable(cache, e.getMessage(), e);
    } finally {
      if (tmp != null) {
        deleteQuietly(tmp);
      }
    }
  }

  private static Contents readLocal(String cache, Path dir, String tokenizer, Set<String> excludedNames)
      throws IOException {
    CacheManifest m;
    try {
      m = CacheManifest.fromJson(Files.readString(dir.resolve(CacheManifest.FILE_NAME), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw JobErrors.cacheUnreadable(cache, "its " + CacheManifest.FILE_NAME + " is not a cache manifest ("
          + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
    if (!CacheManifest.FORMAT.equals(m.format()) || m.version() != CacheManifest.VERSION) {
      throw JobErrors.cacheUnreadable(cache, "format " + m.format() + " version " + m.version() + ", this"
          + " reader knows " + CacheManifest.FORMAT + " version " + CacheManifest.VERSION, null);
    }
    if (!m.tokenizer().equals(tokenizer)) {
      throw JobErrors.cacheTokenizer(cache, m.tokenizer(), tokenizer);
    }
    List<TokenDocument> docs = new ArrayList<>();
    int excluded = 0;
    for (CachePart part : m.parts()) {
      Path file = dir.resolve(part.file());
      try (BlockFileReader r = BlockFileReader.open(file)) {
        if (!r.header().tokenizer().equals(m.tokenizer())) {
          throw JobErrors.cacheCorrupt(cache, part.file(), "tokenizer " + r.header().tokenizer()
              + " in the block file, " + m.tokenizer() + " in the manifest");
        }
        for (CachedDocument d : part.documents()) {
          int[] tokens = readDocument(r, d, cache, part.file());
          if (excludedNames.contains(d.name())) {
            excluded++;
          } else {
            docs.add(new TokenDocument(d.name(), tokens, d.bytes()));
          }
        }
        if (r.hasNext()) {
          throw JobErrors.cacheCorrupt(cache, part.file(), "blocks after the last document of the manifest ("
              + r.next().blockId() + ")");
        }
      }
    }
    return new Contents(m, docs, excluded);
  }

  /** The next document's blocks, checked against the manifest: its id, block order, length, last flag. */
  private static int[] readDocument(BlockFileReader r, CachedDocument d, String cache, String file) {
    if (d.tokens() > Integer.MAX_VALUE - 8) {
      throw JobErrors.cacheCorrupt(cache, file, "document " + d.id() + " has " + d.tokens()
          + " tokens, more than a training document can hold (2^31)");
    }
    int[] tokens = new int[(int) d.tokens()];
    int filled = 0;
    for (int index = 0; ; index++) {
      if (!r.hasNext()) {
        throw JobErrors.cacheCorrupt(cache, file, "it ends inside document " + d.id());
      }
      TokenBlock b = r.next();
      if (!b.docId().equals(d.id()) || b.blockIndex() != index || b.firstToken() != filled
          || filled + b.tokens().length > tokens.length) {
        throw JobErrors.cacheCorrupt(cache, file, "expected block " + index + " of " + d.id() + " at token "
            + filled + ", found " + b.blockId() + " at token " + b.firstToken() + " with " + b.tokens().length
            + " tokens");
      }
      System.arraycopy(b.tokens(), 0, tokens, filled, b.tokens().length);
      filled += b.tokens().length;
      if (b.last()) {
        break;
      }
    }
    if (filled != tokens.length) {
      throw JobErrors.cacheCorrupt(cache, file, "document " + d.id() + " has " + filled + " tokens, the"
          + " manifest says " + d.tokens());
    }
    return tokens;
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary copy; the OS cleans it up
    }
  }
}
