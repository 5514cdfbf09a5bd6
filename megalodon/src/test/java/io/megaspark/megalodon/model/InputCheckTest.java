package io.megaspark.megalodon.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.testing.TestModels;
import org.junit.jupiter.api.Test;

/** Bad blocks fail before TensorFlow with the row and position named. */
class InputCheckTest {
  private final MegalodonConfig cfg = TestModels.micro();
  private final StreamState[] one = {StreamState.initial(cfg)};

  @Test
  void blockNotMultipleOfChunk_fails() {
    MegalodonException e = assertThrows(MegalodonException.class,
        () -> InputCheck.check(cfg, one, new int[][] {new int[6]}, new int[] {6}, OutputRequest.logitsOnly()));
    assertEquals("block length 6 is not a multiple of the attention chunk 4 (chunk_size, or"
        + " chunk_size_override when set): attention works per chunk and blocks must end on chunk"
        + " boundaries; pad the block with 0 to a multiple of 4 and pass the real length in validLengths",
        e.getMessage());
  }

  @Test
  void validLengthOutOfRange_namesRow() {
    MegalodonException e = assertThrows(MegalodonException.class,
        () -> InputCheck.check(cfg, one, new int[][] {new int[8]}, new int[] {9}, OutputRequest.logitsOnly()));
    assertEquals("validLengths[0] = 9 is outside [0, 8] (the block has 8 tokens per row); pass the number"
        + " of real tokens of row 0", e.getMessage());
  }

  @Test
  void tokenOutsideVocabulary_namesRowAndPosition() {
    int[][] tokens = {new int[4], new int[4]};
    tokens[1][2] = 20;
    StreamState[] two = {one[0], one[0]};
    MegalodonException e = assertThrows(MegalodonException.class,
        () -> InputCheck.check(cfg, two, tokens, new int[] {4, 4}, OutputRequest.logitsOnly()));
    assertEquals("token id 20 at row 1, position 2 is outside the vocabulary [0, 20) of this model"
        + " (vocab_size 20); the tokenizer does not match the model", e.getMessage());
  }

  @Test
  void targetOutsideVocabulary_namesRowAndPosition() {
    int[][] targets = {{1, 2, -2, 3}};
    MegalodonException e = assertThrows(MegalodonException.class,
        () -> InputCheck.check(cfg, one, new int[][] {new int[4]}, new int[] {4}, OutputRequest.targets(targets)));
    assertEquals("target id -2 at row 0, position 2 is outside [0, 20) and is not -1 (no target); the"
        + " output vocabulary has 20 entries", e.getMessage());
  }

  @Test
  void stateOfAnotherModel_fails() {
    StreamState other = StreamState.builder(3, 16, 4, 4).build();
    MegalodonException e = assertThrows(MegalodonException.class, () -> InputCheck.check(cfg,
        new StreamState[] {other}, new int[][] {new int[4]}, new int[] {4}, OutputRequest.logitsOnly()));
    assertEquals(true, e.getMessage().startsWith("stream state does not fit the model: num_layers is 3"));
  }
}
