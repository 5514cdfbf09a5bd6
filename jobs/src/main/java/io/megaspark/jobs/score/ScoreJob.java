package io.megaspark.jobs.score;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.jobs.longdoc.LongDocMode;
import io.megaspark.jobs.longdoc.LongDocOptions;
import io.megaspark.jobs.run.BlockResult;
import io.megaspark.jobs.run.DocumentEnd;
import io.megaspark.jobs.run.DocumentFold;
import io.megaspark.jobs.run.DocumentJob;
import io.megaspark.jobs.run.DocumentMeta;
import io.megaspark.jobs.run.FoldNeeds;
import io.megaspark.jobs.run.LongDocumentRouter;
import io.megaspark.jobs.run.ModelInfo;
import io.megaspark.jobs.run.Piece;
import io.megaspark.jobs.state.StateColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code score} job: per document the negative log-likelihood of its tokens under the model (every
 * token after BOS is predicted, EOS included), perplexity, bits per byte and perplexity per position
 * bucket (docs/outputs.md).
 *
 * @param stateOut also emit the state-store columns (the document's state at its last chunk boundary, its
 *     tail tokens and score totals without EOS) for {@code --state-out}
 * @param longDoc {@code --long-doc-mode} and {@code --max-tokens-per-task}: documents longer than the
 *     maximum run in ranges ({@link LongDocScores}); null, or mode single, streams every document whole.
 *     Not with a state store (a stored state continues a whole document).
 */
public record ScoreJob(boolean stateOut, LongDocOptions longDoc) implements DocumentJob {

  /** Every document streams whole. */
  public ScoreJob(boolean stateOut) {
    this(stateOut, null);
  }

  @Override
  public LongDocumentRouter longDocuments() {
    return longDoc == null || longDoc.mode() == LongDocMode.SINGLE || stateOut ? null
        : new LongDocScores(longDoc, schema());
  }

  @Override
  public String name() {
    return "score";
  }

  @Override
  public StructType schema() {
    StructType s = ScoreColumns.add(new StructType().add(ScoreColumns.DOC_ID));
    return stateOut ? StateColumns.addTo(s) : s;
  }

  @Override
  public FoldNeeds needs() {
    return new FoldNeeds(true, false, false, false, stateOut);
  }

  @Override
  public DocumentFold open(DocumentMeta meta, Tokenizer tokenizer, ModelInfo info) {
    ScoreAccumulator acc = new ScoreAccumulator(meta.previous());
    return new DocumentFold() {
      @Override
      public void accept(Piece piece, BlockResult<?> out, int row) {
        acc.accept(piece, out, row);
      }

      @Override
      public Row finish(DocumentEnd end) {
        List<Object> values = new ArrayList<>();
        values.add(meta.docId());
        ScoreColumns.values(values, end.streamLength() - 1, meta.bytes(), acc.withEos());
        if (stateOut) {
          StateColumns.values(values, meta.bytes(), end, acc.withoutEos());
        }
        return RowFactory.create(values.toArray());
      }
    };
  }
}
