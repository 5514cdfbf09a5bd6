package io.megaspark.jobs.generate;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.jobs.run.BlockResult;
import io.megaspark.jobs.run.DocumentEnd;
import io.megaspark.jobs.run.DocumentFold;
import io.megaspark.jobs.run.DocumentJob;
import io.megaspark.jobs.run.DocumentMeta;
import io.megaspark.jobs.run.FoldNeeds;
import io.megaspark.jobs.run.GenerationRequest;
import io.megaspark.jobs.run.ModelInfo;
import io.megaspark.jobs.run.Piece;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code generate} job: continues every document (or prompt) from its final state: the document is
 * streamed block by block with carried state, then {@code prompt} is fed and up to {@code maxNewTokens}
 * tokens are sampled, exactly under chunked attention (see {@code Generation} in the run package).
 *
 * @param prompt text fed after the document before sampling ("" = continue the document itself)
 * @param maxNewTokens tokens to generate at most
 * @param sampling greedy / temperature / top-k / top-p and the seed
 */
public record GenerateJob(String prompt, int maxNewTokens, Sampling sampling) implements DocumentJob {
  public GenerateJob {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(sampling, "sampling");
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("max-new-tokens: got " + maxNewTokens + ", must be at least 1");
    }
  }

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public StructType schema() {
    return new StructType()
        .add("doc_id", DataTypes.StringType, false)
        .add("tokens", DataTypes.LongType, false)
        .add("generated", DataTypes.StringType, false)
        .add("generated_tokens", DataTypes.IntegerType, false)
        .add("stop", DataTypes.StringType, false);
  }

  @Override
  public FoldNeeds needs() {
    return new FoldNeeds(false, false, false, false, false);
  }

  @Override
  public DocumentFold open(DocumentMeta meta, Tokenizer tokenizer, ModelInfo info) {
    GenerationRequest request = new GenerationRequest(tokenizer.encode(prompt), maxNewTokens,
        sampling.forDocument(meta.docId()), true);
    return new DocumentFold() {
      @Override
      public void accept(Piece piece, BlockResult<?> out, int row) {}

      @Override
      public GenerationRequest generation() {
        return request;
      }

      @Override
      public Row finish(DocumentEnd end) {
        int[] g = end.generated();
        return RowFactory.create(meta.docId(), end.streamLength() - 1, tokenizer.decode(g), g.length,
            g.length < maxNewTokens ? "eos" : "length");
      }
    };
  }
}
