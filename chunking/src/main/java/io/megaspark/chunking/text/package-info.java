/**
 * Text-level helpers: telling text from binary input ({@link io.megaspark.chunking.text.BinaryDetector},
 * {@link io.megaspark.chunking.text.TextInspector}) and English sentence splitting with offsets
 * ({@link io.megaspark.chunking.text.SentenceSplitter}).
 *
 * <p>Bad input is reported, never judged: a binary record becomes a {@link io.megaspark.chunking.BadRecord}
 * (reason, path or document id, byte offset) and the caller applies its {@code --on-bad-record} policy.
 * Offsets are {@code long} bytes from the start of the record, or {@code int} chars within a String.
 */
package io.megaspark.chunking.text;
