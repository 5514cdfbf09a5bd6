package io.megaspark.jobs.embed;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.jobs.run.BlockResult;
import io.megaspark.jobs.run.DocumentEnd;
import io.megaspark.jobs.run.DocumentFold;
import io.megaspark.jobs.run.DocumentJob;
import io.megaspark.jobs.run.DocumentMeta;
import io.megaspark.jobs.run.FoldNeeds;
import io.megaspark.jobs.run.ModelInfo;
import io.megaspark.jobs.run.Piece;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code embed} job: per document, the mean of the final layer's hidden states over every fed
 * position (BOS and the text's tokens; D floats), and beside it a summary of the carried state after the
 * last token ({@code BlockModel#stateSummary}), which holds what the recurrence kept of the whole
 * document. Optionally the mean hidden state of every block too.
 *
 * @param perBlock also output one embedding per block
 */
public record EmbedJob(boolean perBlock) implements DocumentJob {

  @Override
  public String name() {
    return "embed";
  }

  @Override
  public StructType schema() {
    StructType s = new StructType()
        .add("doc_id", DataTypes.StringType, false)
        .add("tokens", DataTypes.LongType, false)
        .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        .add("state_embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    return perBlock
        ? s.add("block_embeddings", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false), false)
        : s;
  }

  @Override
  public FoldNeeds needs() {
    return new FoldNeeds(false, false, true, true, false);
  }

  @Override
  public DocumentFold open(DocumentMeta meta, Tokenizer tokenizer, ModelInfo info) {
    double[] sum = new double[info.modelDim()];
    List<Object> blocks = perBlock ? new ArrayList<>() : null;
    long[] positions = new long[1];
    return new DocumentFold() {
      @Override
      public void accept(Piece piece, BlockResult<?> out, int row) {
        float[] mean = out.hiddenMean()[row];
        for (int d = 0; d < sum.length; d++) {
          sum[d] += (double) mean[d] * piece.length();
        }
        positions[0] += piece.length();
        if (blocks != null) {
          blocks.add(boxed(mean));
        }
      }

      @Override
      public Row finish(DocumentEnd end) {
        float[] e = new float[sum.length];
        for (int d = 0; d < e.length; d++) {
          e[d] = (float) (sum[d] / positions[0]);
        }
        Object[] v = perBlock
            ? new Object[] {meta.docId(), end.streamLength() - 1, boxed(e), boxed(end.stateSummary()),
                CollectionConverters.asScala(blocks).toSeq()}
            : new Object[] {meta.docId(), end.streamLength() - 1, boxed(e), boxed(end.stateSummary())};
        return RowFactory.create(v);
      }
    };
  }

  static Object boxed(float[] a) {
    List<Float> l = new ArrayList<>(a.length);
    for (float x : a) {
      l.add(x);
    }
    return CollectionConverters.asScala(l).toSeq();
  }
}
