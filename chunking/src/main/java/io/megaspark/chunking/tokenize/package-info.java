/**
 * Tokenizers and streaming tokenization.
 *
 * <p>{@link io.megaspark.chunking.tokenize.Tokenizers#byName} gives a {@link
 * io.megaspark.chunking.tokenize.Tokenizer}: {@code "bytes"} (UTF-8 bytes as ids, V = 260, the bundled
 * model's) or {@code "gpt2"} (GPT-2 BPE, V = 50257). {@code Tokenizer.open(InputStream)} returns a {@link
 * io.megaspark.chunking.tokenize.TokenSource} that produces BOS + tokens + EOS lazily, in memory bounded by
 * a few buffers whatever the input size. {@link io.megaspark.chunking.tokenize.RangeSplitter} cuts a huge
 * file into byte ranges at the tokenizer's {@link io.megaspark.chunking.tokenize.SplitRule} points, and
 * {@link io.megaspark.chunking.tokenize.FileRanges#tokenize} streams one range; the ranges' streams
 * concatenate to exactly the whole file's.
 *
 * <p>Exactness: the byte tokenizer is exact at any byte. BPE streaming and BPE ranges are exact because
 * they only cut where GPT-2's pre-tokenizer always cuts (see {@code Gpt2Boundaries}); the one exception is
 * text with no such place for 64 K chars, cut anyway and counted as a forced split.
 *
 * <p>Shapes: V vocabulary size. Ids are {@code int}; token offsets within a document are {@code long}.
 */
package io.megaspark.chunking.tokenize;
