package io.megaspark.jobs.input;

import io.megaspark.chunking.BadRecordException;
import io.megaspark.chunking.text.TextInspector;
import io.megaspark.chunking.tokenize.ByteRange;
import io.megaspark.chunking.tokenize.Framing;
import io.megaspark.chunking.tokenize.RangeSplitter;
import io.megaspark.chunking.tokenize.TokenSource;
import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.MegasparkException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Stage 1, "tokenize": every document is read once, checked (binary content and NUL bytes by chunking's
 * {@link TextInspector}, then well-formed UTF-8; JSONL records were parsed when read) and its tokens
 * counted, streaming. Large text files are counted
 * in byte ranges cut by chunking's {@link RangeSplitter}, whose ranges tokenize to exactly the whole
 * file's tokens. Nothing is written; the driver collects one small {@link DocumentCount} per document.
 */
public final class TokenizeStage {
  private TokenizeStage() {}

  /**
   * Counts every document of a corpus, in input order (one entry per document, ranges merged).
   *
   * @param done counts documents as their first (or only) range is counted, for progress
   */
  public static List<DocumentCount> count(SparkSession spark, Corpus corpus, String tokenizerName, long rangeBytes,
      LongAccumulator done) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    JavaRDD<CountItem> items;
    if (corpus.files() != null) {
      List<CountItem> list = splitLargeFiles(corpus.files(), Tokenizers.byName(tokenizerName), rangeBytes,
          jsc.hadoopConfiguration());
      int slices = Math.max(1, Math.min(list.size(), 4 * jsc.defaultParallelism()));
      items = jsc.parallelize(list, slices);
    } else {
      items = corpus.documents().map(d -> new CountItem(d, 0, -1));
    }
    List<DocumentCount> counted = items.map(item -> {
      DocumentCount c = countItem(item, Tokenizers.byName(tokenizerName), conf.value().value());
      if (item.start() == 0) {
        done.add(1); // a document, counted once whatever its number of ranges
      }
      return c;
    }).collect();
    Map<Long, DocumentCount> merged = new TreeMap<>();
    for (DocumentCount c : counted) {
      merged.merge(c.ordinal(), c, DocumentCount::merge);
    }
    return new ArrayList<>(merged.values());
  }

  private static List<CountItem> splitLargeFiles(List<Document> files, Tokenizer tokenizer, long rangeBytes,
      Configuration conf) {
    List<CountItem> out = new ArrayList<>();
    for (Document d : files) {
      DocumentSource.FileText f = (DocumentSource.FileText) d.source();
      if (f.length() <= rangeBytes) {
        out.add(new CountItem(d, 0, -1));
        continue;
      }
      int ranges = (int) Math.min(Integer.MAX_VALUE, (f.length() + rangeBytes - 1) / rangeBytes);
      try (HadoopRandomAccess in = new HadoopRandomAccess(f.path(), conf)) {
        for (ByteRange r : RangeSplitter.split(in, ranges, tokenizer.splitRule())) {
          out.add(new CountItem(d, r.start(), r.end()));
        }
      } catch (IOException e) {
        throw new MegasparkException("cannot read input " + f.path() + " to split it into ranges: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Counts one item's text tokens and bytes, or records why it is bad. */
  static DocumentCount countItem(CountItem item, Tokenizer tokenizer, Configuration conf) {
    Document d = item.document();
    DocumentSource src = d.source();
    long recordOffset = src instanceof DocumentSource.InlineText t ? t.offset() : 0;
    if (src instanceof DocumentSource.Invalid inv) {
      return new DocumentCount(d.ordinal(), d.docId(), src.path(), inv.bad().offset(), 0, 0, inv.bad());
    }
    boolean inline = src instanceof DocumentSource.InlineText;
    long base = inline ? 0 : item.start();
    long tokens = 0;
    try (InputStream raw = DocumentBytes.open(src, conf, item.start(), item.end())) {
      InputStream checked = new Utf8CheckStream(TextInspector.guard(raw, src.path()), src.path(), base);
      try (TokenSource ts = tokenizer.open(checked, Framing.MIDDLE_RANGE)) {
        int[] buf = new int[1 << 16];
        for (int n; (n = ts.read(buf, 0, buf.length)) >= 0; ) {
          tokens += n;
        }
        return new DocumentCount(d.ordinal(), d.docId(), src.path(), recordOffset, tokens, ts.stats().bytesRead(), null);
      }
    } catch (BadDocumentException e) {
      BadDocument b = e.bad();
      if (inline) {
        b = new BadDocument(b.reason(), b.path(), d.docId(), recordOffset,
            b.detail() + " at byte " + b.offset() + " of the record's text");
      }
      return new DocumentCount(d.ordinal(), d.docId(), src.path(), recordOffset, 0, 0, b.withDocId(d.docId()));
    } catch (BadRecordException e) {
      BadDocument b = fromChunking(e, d, src, base);
      if (inline) {
        b = new BadDocument(b.reason(), b.path(), d.docId(), recordOffset,
            b.detail() + " (at byte " + e.record().byteOffset() + " of the record's text)");
      }
      return new DocumentCount(d.ordinal(), d.docId(), src.path(), recordOffset, 0, 0, b);
    } catch (IOException e) {
      BadDocument b = new BadDocument(BadReason.UNREADABLE, src.path(), d.docId(), item.start(), e.toString());
      return new DocumentCount(d.ordinal(), d.docId(), src.path(), recordOffset, 0, 0, b);
    }
  }

  private static BadDocument fromChunking(BadRecordException e, Document d, DocumentSource src, long base) {
    BadReason reason = switch (e.record().reason()) {
      case NUL_BYTE -> BadReason.NUL_BYTE;
      case CONTROL_BYTES -> BadReason.BINARY;
      case UNREADABLE -> BadReason.UNREADABLE;
    };
    String detail = switch (reason) {
      case NUL_BYTE -> "a NUL byte (binary data or UTF-16 text)";
      case BINARY -> "too many control bytes near the start (a binary file)";
      default -> e.getMessage();
    };
    return new BadDocument(reason, src.path(), d.docId(), base + e.record().byteOffset(), detail);
  }
}
