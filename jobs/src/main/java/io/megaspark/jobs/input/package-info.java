/**
 * Input documents and the tokenize stage.
 *
 * <p>{@link io.megaspark.jobs.input.Corpus} reads text files (one document per file), JSONL, Parquet or a
 * Dataset into {@link io.megaspark.jobs.input.Document}s that keep their input order and ids; a text file is
 * re-read as a stream whenever needed, never held in memory. {@link io.megaspark.jobs.input.TokenizeStage}
 * counts and checks every document (large files in parallel byte ranges), {@link
 * io.megaspark.jobs.input.BadRecords} applies {@code --on-bad-record} on the driver, before anything is
 * written. Every rejection is a {@link io.megaspark.jobs.input.BadDocument} naming file, document and byte
 * offset.
 *
 * <p>Null rule: a {@link io.megaspark.jobs.input.Document}'s id and a {@link
 * io.megaspark.jobs.input.DocumentCount}'s bad record may be null, as their docs say; nothing else is.
 */
package io.megaspark.jobs.input;
