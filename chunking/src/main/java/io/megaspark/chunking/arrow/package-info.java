/**
 * Token blocks in Arrow IPC files, readable by Arrow in any language (pyarrow: {@code
 * pyarrow.ipc.open_file}). Schema, metadata and a Python snippet: docs/formats.md, "Arrow block files".
 *
 * <p>{@link io.megaspark.chunking.arrow.BlockFileWriter} writes record batches of bounded size;
 * {@link io.megaspark.chunking.arrow.BlockFileReader} reads one batch at a time and checks the schema and
 * format version. Arrow's memory needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on Java 17 (the
 * launcher and the test JVMs set it).
 *
 * <p>Shapes: tokens per row = T (a document's last block may be shorter).
 */
package io.megaspark.chunking.arrow;
