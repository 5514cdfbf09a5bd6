package io.megaspark.chunking.tokenize;

import java.io.InputStream;

/**
 * Text to token ids and back. Two tokenizers exist, each one record-like final class: {@link ByteTokenizer}
 * ({@code "bytes"}, the bundled model's) and {@link Gpt2Tokenizer} ({@code "gpt2"}); {@link
 * Tokenizers#byName} maps a model's config.json name to one.
 *
 * <p>Conventions (MODEL.md 1.5): a document's token stream is BOS, the text's tokens, EOS, so an empty
 * document is [BOS, EOS]. {@link #encode} returns the text's tokens only; {@link #open} frames the stream.
 * {@link #decode} drops the framing ids (BOS, EOS and other special ids): they are not text.
 *
 * <p>Implementations are immutable and thread-safe; a {@link TokenSource} is not (one per document).
 */
public sealed interface Tokenizer permits ByteTokenizer, Gpt2Tokenizer {

  /** The name a model's config.json uses for this tokenizer. */
  String name();

  /** V: ids are in [0, V). */
  int vocabSize();

  int bosId();

  int eosId();

  /** The tokens of a text, without BOS and EOS. */
  int[] encode(String text);

  /**
   * The tokens of raw input bytes held in memory, without BOS and EOS: the reference that streaming
   * tokenization ({@link #open}) reproduces exactly. The byte tokenizer keeps every byte; BPE decodes
   * UTF-8, replacing each malformed sequence by U+FFFD as {@code new String(bytes, UTF_8)} does.
   */
  int[] encode(byte[] bytes);

  /** The bytes the ids stand for, framing and special ids dropped. Throws for ids outside [0, V). */
  byte[] decodeBytes(int[] ids);

  /** {@link #decodeBytes} read as UTF-8 (malformed bytes become U+FFFD). */
  String decode(int[] ids);

  /** Where a huge input may be cut into byte ranges that tokenize independently (see RangeSplitter). */
  SplitRule splitRule();

  /**
   * Tokenizes a stream lazily in bounded memory: a 1 GB input never needs more than a few hundred KB.
   * The source owns the stream and closes it.
   */
  TokenSource open(InputStream in, Framing framing);

  /** {@link #open} with the whole-document framing: BOS + tokens + EOS. */
  default TokenSource open(InputStream in) {
    return open(in, Framing.DOCUMENT);
  }
}
