package io.megaspark.jobs.summarize;

import io.megaspark.chunking.text.Sentence;
import io.megaspark.chunking.text.SentenceSplitter;
import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.jobs.generate.Sampling;
import io.megaspark.jobs.run.BlockResult;
import io.megaspark.jobs.run.DocumentEnd;
import io.megaspark.jobs.run.DocumentFold;
import io.megaspark.jobs.run.DocumentJob;
import io.megaspark.jobs.run.DocumentMeta;
import io.megaspark.jobs.run.FoldNeeds;
import io.megaspark.jobs.run.GenerationRequest;
import io.megaspark.jobs.run.ModelInfo;
import io.megaspark.jobs.run.Piece;
import io.megaspark.jobs.score.ScoreAccumulator;
import io.megaspark.jobs.score.ScoreColumns;
import io.megaspark.jobs.score.ScoreTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code summarize} job, with the score columns of {@code score}.
 *
 * <p>Extractive (default): the text is split into sentences (chunking's OpenNLP splitter); a sentence's
 * vector is the mean final hidden state over its tokens, the document's the mean over all positions; k
 * sentences are chosen by maximal marginal relevance ({@link Mmr}) and returned verbatim in document
 * order. The model reads the whole document with carried state, so a sentence's vector reflects
 * everything before it.
 *
 * <p>Abstractive: the prompt is fed after the document's final state and up to {@code maxNewTokens} tokens
 * are generated (quality depends on the checkpoint).
 *
 * @param sentences k, sentences to extract
 * @param lambda MMR relevance weight in [0, 1]
 * @param mode extractive or abstractive
 * @param prompt fed before generating (abstractive)
 * @param maxNewTokens tokens to generate at most (abstractive)
 * @param sampling how to generate (abstractive)
 */
public record SummarizeJob(int sentences, double lambda, SummaryMode mode, String prompt, int maxNewTokens,
    Sampling sampling) implements DocumentJob {
  public SummarizeJob {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(sampling, "sampling");
    if (sentences < 1) {
      throw new IllegalArgumentException("sentences: got " + sentences + ", must be at least 1");
    }
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("lambda: got " + lambda + ", must be in [0, 1]");
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("max-new-tokens: got " + maxNewTokens + ", must be at least 1");
    }
  }

  /** Extractive summaries of k sentences with lambda 0.7. */
  public static SummarizeJob extractive(int k) {
    return new SummarizeJob(k, 0.7, SummaryMode.EXTRACTIVE, "\n\nSummary:", 64, Sampling.greedy());
  }

  @Override
  public String name() {
    return "summarize";
  }

  @Override
  public StructType schema() {
    return ScoreColumns.add(new StructType().add(ScoreColumns.DOC_ID))
        .add("summary", DataTypes.StringType, false)
        .add("summary_sentences", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
        .add("sentence_count", DataTypes.IntegerType, false);
  }

  @Override
  public FoldNeeds needs() {
    return new FoldNeeds(true, mode == SummaryMode.EXTRACTIVE, false, false, false);
  }

  @Override
  public boolean needsText() {
    return true;
  }

  @Override
  public DocumentFold open(DocumentMeta meta, Tokenizer tokenizer, ModelInfo info) {
    List<Sentence> split = SentenceSplitter.english().split(meta.text());
    ScoreAccumulator score = new ScoreAccumulator(ScoreTotals.ZERO);
    SentenceVectors vectors = mode == SummaryMode.EXTRACTIVE
        ? new SentenceVectors(split, info.modelDim(), TokenBytes.lengths(tokenizer)) : null;
    GenerationRequest generation = mode == SummaryMode.ABSTRACTIVE
        ? new GenerationRequest(tokenizer.encode(prompt), maxNewTokens, sampling.forDocument(meta.docId()), true)
        : null;
    return new DocumentFold() {
      @Override
      public void accept(Piece piece, BlockResult<?> out, int row) {
        score.accept(piece, out, row);
        if (vectors != null) {
          vectors.accept(piece.tokens(), out.hidden()[row], piece.length());
        }
      }

      @Override
      public GenerationRequest generation() {
        return generation;
      }

      @Override
      public Row finish(DocumentEnd end) {
        List<Object> v = new ArrayList<>();
        v.add(meta.docId());
        ScoreColumns.values(v, end.streamLength() - 1, meta.bytes(), score.withEos());
        if (vectors == null) {
          v.add(tokenizer.decode(end.generated()).strip());
          v.add(null);
        } else {
          int[] chosen = Mmr.select(vectors.sentences(), vectors.document(), sentences, lambda);
          List<String> texts = new ArrayList<>();
          List<Integer> indices = new ArrayList<>();
          for (int i : chosen) {
            texts.add(split.get(i).text());
            indices.add(i);
          }
          v.add(String.join(" ", texts));
          v.add(CollectionConverters.asScala(indices).toSeq());
        }
        v.add(split.size());
        return RowFactory.create(v.toArray());
      }
    };
  }
}
