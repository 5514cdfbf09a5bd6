package io.megaspark.megalodon.model;

import io.megaspark.megalodon.MegalodonException;

/**
 * User-facing errors of the forward pass (bad blocks, tokens, targets, unsupported checkpoints), in one
 * place so the wording stays consistent: problem, why, fix, where (row, position).
 */
public final class ModelErrors {
  private ModelErrors() {}

  public static MegalodonException blockNotChunkAligned(int length, int chunk) {
    return new MegalodonException("block length " + length + " is not a multiple of the attention chunk "
        + chunk + " (chunk_size, or chunk_size_override when set): attention works per chunk and blocks"
        + " must end on chunk boundaries; pad the block with 0"
        + " to a multiple of " + chunk + " and pass the real length in validLengths");
  }

  public static MegalodonException emptyBlock() {
    return new MegalodonException("block length 0: a block needs at least one chunk of tokens");
  }

  public static MegalodonException raggedBlock(int row, int length, int expected) {
    return new MegalodonException("row " + row + " has " + length + " tokens but row 0 has " + expected
        + " (all rows of a batch share one block length); pad every row to " + expected);
  }

  public static MegalodonException validLengthOutOfRange(int row, int valid, int length) {
    return new MegalodonException("validLengths[" + row + "] = " + valid + " is outside [0, " + length
        + "] (the block has " + length + " tokens per row); pass the number of real tokens of row "
        + row);
  }

  public static MegalodonException tokenOutOfVocab(int row, int position, int token, int vocab) {
    return new MegalodonException("token id " + token + " at row " + row + ", position " + position
        + " is outside the vocabulary [0, " + vocab + ") of this model (vocab_size " + vocab
        + "); the tokenizer does not match the model");
  }

  public static MegalodonException targetOutOfVocab(int row, int position, int target, int vocab) {
    return new MegalodonException("target id " + target + " at row " + row + ", position " + position
        + " is outside [0, " + vocab + ") and is not -1 (no target); the output vocabulary has "
        + vocab + " entries");
  }

  public static MegalodonException batchMismatch(String what, int got, int rows) {
    return new MegalodonException(what + " has " + got + " rows but tokens has " + rows
        + "; pass one entry per row");
  }

  public static MegalodonException unsupportedPrior(String tensor, float value) {
    return new MegalodonException("tensor " + tensor + " = " + value + ": a learned TimestepNorm prior"
        + " (prior_count > 0) is not supported (MODEL.md 1.3; the released configs use 0); convert the"
        + " checkpoint with prior_count 0");
  }

  public static MegalodonException runFailed(int batch, int length, Throwable cause) {
    return new MegalodonException("TensorFlow failed running a block of batch " + batch + " x "
        + length + " tokens: " + cause.getMessage(), cause);
  }
}
