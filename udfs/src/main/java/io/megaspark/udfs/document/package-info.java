/**
 * One document at a time through a shared model, with no Spark: what Megaspark's SQL functions compute per
 * row. {@link io.megaspark.udfs.document.DocumentModels} keeps one loaded model per JVM (TensorFlow or the
 * float64 reference, {@link io.megaspark.udfs.document.Backend}); {@link
 * io.megaspark.udfs.document.DocumentRunner} feeds a document block by block with its carried state and
 * folds the outputs into a score, an embedding or an extractive summary, the same numbers as the jobs.
 *
 * <p>Shapes: T tokens per block (a multiple of the chunk size C), D model width, S sentences of a
 * document. Nulls: no method takes or returns null except where its Javadoc says so.
 */
package io.megaspark.udfs.document;
