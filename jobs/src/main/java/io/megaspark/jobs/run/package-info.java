/**
 * The ordered streaming runner (DESIGN.md, mode 1) and the model seam.
 *
 * <ul>
 *   <li>{@link io.megaspark.jobs.run.BlockModel}: (states, a batch of blocks) to (outputs, next states);
 *       implemented by {@link io.megaspark.jobs.run.TensorFlowBlockModel} (fast) and {@link
 *       io.megaspark.jobs.run.ReferenceBlockModel} (float64 oracle); loaded once per executor JVM and
 *       device by {@link io.megaspark.jobs.run.SharedModels} from a serializable {@link
 *       io.megaspark.jobs.run.ModelRef}.
 *   <li>{@link io.megaspark.jobs.run.PieceStream}: a document's tokens as model rows, read lazily with
 *       one token of look-ahead for targets; {@link io.megaspark.jobs.run.BatchRunner}: continuous
 *       batching of a partition's documents, one model call per step, states carried per document;
 *       {@code Generation}: exact token-by-token generation from a chunk boundary.
 *   <li>{@link io.megaspark.jobs.run.DocumentJob} and {@link io.megaspark.jobs.run.DocumentFold}: what a
 *       job computes per document, folded as blocks go by.
 *   <li>Spark glue: {@link io.megaspark.jobs.run.Planner} (chunking's BlockPlanner over the tokenize
 *       stage's counts), {@link io.megaspark.jobs.run.RunStage} (shuffle to planned partitions, run),
 *       {@link io.megaspark.jobs.run.StreamingJob} (both stages, no writing), {@link
 *       io.megaspark.jobs.run.JobRunner} (file to file with progress and atomic outputs).
 * </ul>
 *
 * <p>Shape glossary: B batch rows, T tokens per block (a multiple of C), C chunk length, D model dim, V
 * vocab, G norm groups, N EMA order.
 */
package io.megaspark.jobs.run;
