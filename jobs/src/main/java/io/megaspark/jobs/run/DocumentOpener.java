package io.megaspark.jobs.run;

import io.megaspark.chunking.tokenize.Framing;
import io.megaspark.chunking.tokenize.TokenSource;
import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.jobs.input.DocumentBytes;
import io.megaspark.jobs.input.DocumentSource;
import io.megaspark.jobs.score.ScoreTotals;
import io.megaspark.jobs.state.StoredState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Opens a planned document for the runner on an executor: its token stream (read lazily from the file or
 * the record), where the stream starts, and the job's fold.
 *
 * <p>A fresh document feeds BOS and its text's tokens. A continued one (incremental, DESIGN.md mode 3)
 * starts from the stored state at its last chunk boundary, feeds the stored tail tokens again, then only
 * the bytes after the stored offset; predictions before the stored end were scored by the earlier run.
 * With the byte tokenizer this equals a run over the whole text exactly; with BPE it does when the old text
 * ended at a token boundary that the appended text does not merge across (it ended with whitespace or a
 * line end).
 */
final class DocumentOpener {
  private DocumentOpener() {}

  static StreamInput open(PlannedDocument planned, DocumentJob job, Tokenizer tokenizer, ModelInfo info,
      Configuration conf) {
    String id = planned.document().docId();
    DocumentSource src = planned.document().source();
    StoredState stored = planned.stored();
    long from = stored == null ? 0 : stored.bytesConsumed();
    try {
      String text = null;
      InputStream in;
      if (job.needsText()) {
        byte[] all = readAll(src, conf);
        text = new String(all, StandardCharsets.UTF_8);
        in = new ByteArrayInputStream(all, (int) from, all.length - (int) from);
      } else {
        in = DocumentBytes.open(src, conf, from, -1);
      }
      long bytes = DocumentBytes.length(src);
      TokenSource ts = tokenizer.open(in, stored == null ? Framing.FIRST_RANGE : Framing.MIDDLE_RANGE);
      Iterator<int[]> tokens = new TokenIterator(ts, id);
      if (stored == null) {
        DocumentFold fold = job.open(new DocumentMeta(id, bytes, text, ScoreTotals.ZERO), tokenizer, info);
        return new StreamInput(id, tokens, 0, 0, null, fold, ts);
      }
      Iterator<int[]> withTail = concat(stored.tail(), tokens);
      DocumentFold fold = job.open(new DocumentMeta(id, bytes, text, stored.totals()), tokenizer, info);
      return new StreamInput(id, withTail, stored.tailPosition(), stored.streamTokens() - 1, stored.state(), fold, ts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read document " + id + " from " + src.path() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readAll(DocumentSource src, Configuration conf) throws IOException {
    if (src instanceof DocumentSource.InlineText t) {
      return t.text().getBytes(StandardCharsets.UTF_8);
    }
    try (InputStream in = DocumentBytes.open(src, conf, 0, -1)) {
      return in.readAllBytes();
    }
  }

  private static Iterator<int[]> concat(int[] first, Iterator<int[]> rest) {
    Iterator<int[]> head = List.of(first).iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return head.hasNext() || rest.hasNext();
      }

      @Override
      public int[] next() {
        return head.hasNext() ? head.next() : rest.next();
      }
    };
  }
}
