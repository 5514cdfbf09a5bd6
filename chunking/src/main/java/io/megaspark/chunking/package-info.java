/**
 * Chunking: everything between raw input bytes and fixed-length token blocks, with no Spark and no
 * TensorFlow (DESIGN.md, "Layout"; enforced by the build).
 *
 * <p>Packages, in data-flow order:
 *
 * <ul>
 *   <li>{@code text}: binary detection of inputs ({@code TextInspector}) and sentence splitting;
 *   <li>{@code tokenize}: the tokenizers, streaming tokenization with bounded memory, and byte-range
 *       splitting of huge files ({@code RangeSplitter});
 *   <li>{@code block}: the document stream cut into blocks of T = K x C tokens ({@code BlockSplitter});
 *   <li>{@code arrow}: blocks stored as Arrow IPC files (docs/formats.md, "Arrow block files");
 *   <li>{@code plan}: which blocks go to which partition, in which order ({@code BlockPlanner}).
 * </ul>
 *
 * <p>This package holds the module's error vocabulary: {@link io.megaspark.chunking.ChunkingErrors} builds
 * every user-facing error; per-record problems are {@link io.megaspark.chunking.BadRecord}s carried by a
 * {@link io.megaspark.chunking.BadRecordException}, so the caller applies its own fail|skip policy.
 *
 * <p>Shape glossary: T tokens per block, C chunk length (attention chunk), K = T / C chunks per block,
 * V vocabulary size, P partitions. Nulls: no method accepts or returns null unless its Javadoc says so.
 */
package io.megaspark.chunking;
