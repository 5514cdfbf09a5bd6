package io.megaspark.jobs.train;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.io.InputPaths;
import io.megaspark.megalodon.train.TokenDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads a training or evaluation corpus of text files on the driver: one document per file, tokenized
 * as BOS + tokens + EOS (chunking's convention). Inputs are files, directories (every regular file
 * inside, recursively, in name order) or globs. Hidden files are left out by the rule every job uses
 * ({@link InputPaths#isHidden}), so prepare's token cache holds exactly the files this reader reads.
 */
public final class TextCorpus {
  private TextCorpus() {}

  /** Every input file that is not hidden, sorted, without duplicates. */
  public static List<Path> files(Collection<String> inputs) {
    TreeSet<Path> out = new TreeSet<>();
    for (String in : inputs) {
      Path p = Path.of(in);
      try {
        if (Files.isRegularFile(p)) {
          out.add(p.toAbsolutePath().normalize());
        } else if (Files.isDirectory(p)) {
          try (Stream<Path> walk = Files.walk(p)) {
            walk.filter(Files::isRegularFile).map(q -> q.toAbsolutePath().normalize()).forEach(out::add);
          }
        } else {
          globbed(in).forEach(out::add);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + in, e);
      }
    }
    out.removeIf(f -> InputPaths.isHidden(f.getFileName().toString()));
    return new ArrayList<>(out);
  }

  /** Files matching a glob such as {@code data/*.txt}, searched from the glob's fixed prefix. */
  private static List<Path> globbed(String glob) throws IOException {
    int wild = glob.length();
    for (char c : new char[] {'*', '?', '[', '{'}) {
      int i = glob.indexOf(c);
      if (i >= 0) {
        wild = Math.min(wild, i);
      }
    }
    int slash = glob.lastIndexOf('/', wild);
    Path dir = Path.of(slash < 0 ? "." : glob.substring(0, slash + 1));
    if (wild == glob.length() || !Files.isDirectory(dir)) {
      throw JobErrors.inputNotFound(glob);
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + (slash < 0 ? "./" + glob : glob));
    List<Path> hits;
    try (Stream<Path> walk = Files.walk(dir)) {
      hits = walk.filter(Files::isRegularFile).filter(m::matches).map(q -> q.toAbsolutePath().normalize()).toList();
    }
    if (hits.isEmpty()) {
      throw JobErrors.inputNotFound(glob);
    }
    return hits;
  }

  /**
   * Tokenizes every file; files whose name is in {@code excludedNames} are skipped (held-out books
   * never enter training).
   */
  public static List<TokenDocument> read(List<Path> files, Tokenizer tokenizer, Set<String> excludedNames) {
    List<TokenDocument> docs = new ArrayList<>();
    for (Path f : files) {
      if (excludedNames.contains(f.getFileName().toString())) {
        continue;
      }
      try {
        byte[] bytes = Files.readAllBytes(f);
        int[] body = tokenizer.encode(bytes);
        int[] tokens = new int[body.length + 2];
        tokens[0] = tokenizer.bosId();
        System.arraycopy(body, 0, tokens, 1, body.length);
        tokens[tokens.length - 1] = tokenizer.eosId();
        docs.add(new TokenDocument(f.getFileName().toString(), tokens, bytes.length));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }
    return docs;
  }
}
