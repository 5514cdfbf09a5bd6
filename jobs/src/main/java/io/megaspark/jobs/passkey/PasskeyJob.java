package io.megaspark.jobs.passkey;

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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The per-prompt part of the {@code passkey} job: each prompt ({@link PasskeyPrompts}) is a document,
 * streamed block by block like any corpus; after its last token the true answer is teacher-forced through
 * the runner's exact generation path ({@link AnswerProbe}), giving the mean log-probability of the key's
 * tokens and whether greedy decoding would have produced them.
 *
 * <p>The answer is {@code " " + key}. Its leading tokens without a digit (the space, for the byte tokenizer)
 * are fed unscored; the tokens holding digits are scored (five digit bytes for the byte tokenizer).
 *
 * @param seed the seed the prompts were drawn with (keys are recomputed from it and the document id)
 */
public record PasskeyJob(long seed) implements DocumentJob {
  @Override
  public String name() {
    return "passkey";
  }

  @Override
  public StructType schema() {
    return new StructType()
        .add("doc_id", DataTypes.StringType, false)
        .add("length", DataTypes.IntegerType, false)
        .add("depth", DataTypes.IntegerType, false)
        .add("trial", DataTypes.IntegerType, false)
        .add("key", DataTypes.StringType, false)
        .add("tokens", DataTypes.LongType, false)
        .add("exact_match", DataTypes.BooleanType, false)
        .add("answer_logprob", DataTypes.DoubleType, false)
        .add("digits_matched", DataTypes.IntegerType, false)
        .add("greedy", DataTypes.StringType, false);
  }

  @Override
  public FoldNeeds needs() {
    return new FoldNeeds(false, false, false, false, false);
  }

  @Override
  public DocumentFold open(DocumentMeta meta, Tokenizer tokenizer, ModelInfo info) {
    PasskeyPrompt prompt = PasskeyPrompt.fromId(meta.docId(), seed);
    int[] answer = tokenizer.encode(PasskeyPrompts.answer(prompt.keyText()));
    int unscored = 0;
    while (unscored < answer.length && !hasDigit(tokenizer.decodeBytes(new int[] {answer[unscored]}))) {
      unscored++;
    }
    int[] scored = Arrays.copyOfRange(answer, unscored, answer.length);
    AnswerProbe probe = new AnswerProbe(scored);
    GenerationRequest request =
        new GenerationRequest(Arrays.copyOf(answer, unscored), scored.length, probe, false);
    return new DocumentFold() {
      @Override
      public void accept(Piece piece, BlockResult<?> out, int row) {}

      @Override
      public GenerationRequest generation() {
        return request;
      }

      @Override
      public Row finish(DocumentEnd end) {
        boolean exact = probe.steps() == scored.length && probe.greedyMatched() == scored.length;
        return RowFactory.create(meta.docId(), prompt.length(), prompt.depth(), prompt.trial(),
            prompt.keyText(), end.streamLength(), exact, probe.meanLogProb(), probe.greedyMatched(),
            tokenizer.decode(probe.greedyPrefix()));
      }
    };
  }

  private static boolean hasDigit(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    return s.chars().anyMatch(Character::isDigit);
  }
}
