package io.megaspark.jobs.train;

import io.megaspark.chunking.arrow.BlockFileHeader;
import io.megaspark.chunking.arrow.BlockFileWriter;
import io.megaspark.chunking.block.BlockSpec;
import io.megaspark.chunking.block.BlockSplitter;
import io.megaspark.chunking.block.TokenBlock;
import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.input.BadRecords;
import io.megaspark.jobs.input.Corpus;
import io.megaspark.jobs.input.Document;
import io.megaspark.jobs.input.DocumentBytes;
import io.megaspark.jobs.input.DocumentCount;
import io.megaspark.jobs.input.DocumentIds;
import io.megaspark.jobs.input.DocumentSource;
import io.megaspark.jobs.input.OnBadRecord;
import io.megaspark.jobs.input.TokenizeStage;
import io.megaspark.jobs.io.AtomicOutput;
import io.megaspark.jobs.io.InputPaths;
import io.megaspark.jobs.io.InputPaths.InputFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Prepares a training corpus on Spark: tokenizes text files in parallel and writes them as a token cache,
 * a directory of chunking's Arrow block files plus a manifest (docs/formats.md, "Token caches"), which
 * {@code megaspark train --input CACHE} reads instead of the text.
 *
 * <p>Steps:
 * <ol>
 *   <li>driver: list the input files (sorted by path, as {@link TextCorpus} sorts them, so the cache holds
 *       the corpus in the order train reads text files; hidden files left out by the same rule) and drop
 *       every file whose name is a held-out file's name;
 *   <li>tasks: the scoring jobs' tokenize stage ({@link TokenizeStage}) reads every file once and checks it
 *       (binary content, NUL bytes, well-formed UTF-8, readable); the driver applies {@code --on-bad-record}
 *       ({@link BadRecords}): fail stops here naming the first bad file and byte offset, before anything is
 *       written; skip leaves those files out, and the manifest lists them;
 *   <li>tasks: each takes a contiguous run of documents, streams each one through the tokenizer (BOS +
 *       tokens + EOS, {@link Tokenizer#open}, which reproduces {@link Tokenizer#encode} exactly) and
 *       chunking's {@link BlockSplitter} into one block file, written locally and then copied into the
 *       staging directory; it returns the documents' token and byte counts;
 *   <li>driver: write the manifest last, then rename the staging directory onto the output
 *       ({@link AtomicOutput}): a failed job leaves no cache behind.
 * </ol>
 *
 * <p>Empty files are good documents ({@code [BOS, EOS]}), as in the other jobs. Ids may repeat (two inputs
 * with a file of the same relative path): train names documents by file name only, so the cache keeps both,
 * as train's text reader does.
 */
public final class PrepareJob {
  /** Files larger than this are checked in parallel byte ranges (the other jobs' --range-bytes default). */
  static final long RANGE_BYTES = 256L << 20;

  /** Name of the i-th block file. */
  static String partFile(int index) {
    return String.format(Locale.ROOT, "part-%05d.arrow", index);
  }

  /**
   * What to prepare.
   *
   * @param inputs text files, directories (walked recursively) or globs; one document per file
   * @param heldOut files whose names are never put in the cache (may be empty)
   * @param tokenizer the model's tokenizer name
   * @param spec the block files' block shape (chunk and chunks per block)
   * @param output the cache directory
   * @param overwrite replace an existing cache once the new one is complete
   * @param onBadRecord what to do with a file that is not text (DESIGN.md, "Bad input")
   */
  public record Settings(List<String> inputs, List<String> heldOut, String tokenizer, BlockSpec spec, String output,
      boolean overwrite, OnBadRecord onBadRecord) {
    public Settings {
      inputs = List.copyOf(inputs);
      heldOut = List.copyOf(heldOut);
      Objects.requireNonNull(onBadRecord, "onBadRecord");
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException("inputs: empty, need at least one --input");
      }
      Tokenizers.byName(tokenizer);
    }
  }

  private PrepareJob() {}

  /** Runs the job; returns the manifest it wrote. */
  public static CacheManifest run(SparkSession spark, Settings s) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Set<String> heldOutNames = new TreeSet<>();
    for (String h : s.heldOut()) {
      InputPaths.listFiles(spark, h).forEach(f -> heldOutNames.add(new Path(f.path()).getName()));
    }
    // Every input file once, sorted by path: the order TextCorpus reads them in.
    TreeMap<String, Document> byPath = new TreeMap<>();
    for (String in : s.inputs()) {
      Path root = DocumentIds.qualifiedRoot(jsc.hadoopConfiguration(), in);
      for (InputFile f : InputPaths.listFiles(spark, in)) {
        byPath.putIfAbsent(f.path(), new Document(0, DocumentIds.of(root, new Path(f.path())),
            new DocumentSource.FileText(f.path(), f.length())));
      }
    }
    List<Document> listed = new ArrayList<>();
    long excluded = 0;
    for (Document d : byPath.values()) {
      if (heldOutNames.contains(new Path(d.source().path()).getName())) {
        excluded++;
      } else {
        listed.add(new Document(listed.size(), d.docId(), d.source()));
      }
    }
    if (listed.isEmpty()) {
      throw new MegasparkException("nothing to prepare: every input file of " + s.inputs() + " is held out ("
          + excluded + " excluded by --held-out); check --input and --held-out");
    }
    BadRecords.Outcome checked = check(spark, jsc, listed, s);
    List<Document> docs = new ArrayList<>();
    for (DocumentCount c : checked.good()) {
      Document d = listed.get((int) c.ordinal());
      docs.add(new Document(docs.size(), d.docId(), d.source()));
    }
    if (docs.isEmpty()) {
      throw new MegasparkException("nothing to prepare: every input file of " + s.inputs() + " that is not held"
          + " out is a bad record (" + BadRecords.describe(checked.counts()) + " under --on-bad-record=skip);"
          + " check --input");
    }
    Broadcast<SerializableConfiguration> conf = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    int slices = Math.max(1, Math.min(docs.size(), 2 * jsc.defaultParallelism()));
    String tokenizer = s.tokenizer();
    int chunk = s.spec().chunkSize(); // the closure ships plain values (BlockSpec is not Serializable)
    int chunksPerBlock = s.spec().chunksPerBlock();
    long excludedCount = excluded;
    CacheManifest[] written = new CacheManifest[1];
    spark.sparkContext().setJobDescription("prepare: tokenize " + docs.size() + " documents into " + s.output());
    AtomicOutput.commit(s.output(), s.overwrite(), jsc.hadoopConfiguration(), staging -> {
      List<CachePart> parts = new ArrayList<>(jsc.parallelize(docs, slices)
          .mapPartitionsWithIndex((index, it) -> List.of(writePart(index, it, tokenizer,
              new BlockSpec(chunk, chunksPerBlock), staging,
              conf.value().value())).iterator(), true)
          .filter(p -> p.documents().length > 0)
          .collect());
      parts.sort(java.util.Comparator.comparing(CachePart::file));
      CacheManifest m = new CacheManifest(CacheManifest.FORMAT, CacheManifest.VERSION, tokenizer,
          s.spec().blockLength(), s.inputs(), List.copyOf(heldOutNames), excludedCount, checked.rejected(), parts);
      writeManifest(staging, m, jsc.hadoopConfiguration());
      written[0] = m;
    });
    return written[0];
  }

  /**
   * Reads and checks every document with the scoring jobs' tokenize stage, then applies the policy.
   *
   * @throws MegasparkException under {@link OnBadRecord#FAIL} when a file is bad, naming the first one
   */
  private static BadRecords.Outcome check(SparkSession spark, JavaSparkContext jsc, List<Document> docs, Settings s) {
    spark.sparkContext().setJobDescription("prepare: check " + docs.size() + " documents");
    Corpus corpus = new Corpus(jsc.parallelize(docs), docs); // text files: the stage splits the large ones
    List<DocumentCount> counts = TokenizeStage.count(spark, corpus, s.tokenizer(), RANGE_BYTES,
        spark.sparkContext().longAccumulator("prepare.checked"));
    return BadRecords.applyAllowingRepeatedIds(counts, s.onBadRecord());
  }

  /** Tokenizes one partition's documents into {@code staging/part-NNNNN.arrow}. */
  static CachePart writePart(int index, Iterator<Document> docs, String tokenizerName, BlockSpec spec,
      String staging, Configuration conf) throws IOException {
    Tokenizer tokenizer = Tokenizers.byName(tokenizerName);
    List<CachedDocument> out = new ArrayList<>();
    java.nio.file.Path local = Files.createTempFile("megaspark-prepare-" + index + "-", ".arrow");
    try {
      try (BlockFileWriter w = BlockFileWriter.create(local, new BlockFileHeader(tokenizerName, spec))) {
        while (docs.hasNext()) {
          out.add(writeDocument(docs.next(), tokenizer, spec, w, conf));
        }
      }
      if (!out.isEmpty()) {
        Path dest = new Path(staging, partFile(index));
        dest.getFileSystem(conf).copyFromLocalFile(false, true, new Path(local.toUri()), dest);
      }
    } finally {
      Files.deleteIfExists(local);
    }
    return new CachePart(partFile(index), out.toArray(new CachedDocument[0]));
  }

  private static CachedDocument writeDocument(Document d, Tokenizer tokenizer, BlockSpec spec, BlockFileWriter w,
      Configuration conf) throws IOException {
    long tokens = 0;
    try (BlockSplitter blocks = new BlockSplitter(d.docId(), tokenizer.open(DocumentBytes.open(d.source(), conf, 0, -1)),
        spec)) {
      while (blocks.hasNext()) {
        TokenBlock b = blocks.next();
        w.write(b);
        tokens += b.tokens().length;
      }
      return new CachedDocument(d.docId(), tokens, blocks.stats().bytesRead());
    } catch (IOException e) {
      throw new MegasparkException("cannot read " + d.source().path() + ": " + e.getMessage(), e);
    }
  }

  private static void writeManifest(String staging, CacheManifest m, Configuration conf) {
    Path p = new Path(staging, CacheManifest.FILE_NAME);
    try {
      FileSystem fs = p.getFileSystem(conf);
      fs.setWriteChecksum(false); // no .cache.json.crc beside it on a local file system
      try (OutputStream o = fs.create(p, true)) {
        o.write(m.toJson().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new MegasparkException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }
}
