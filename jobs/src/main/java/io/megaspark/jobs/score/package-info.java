/**
 * The {@code score} job: negative log-likelihood, perplexity, bits per byte and perplexity per position
 * bucket per document ({@link io.megaspark.jobs.score.ScoreJob}), folded block by block from the model's
 * target log-probabilities ({@link io.megaspark.jobs.score.ScoreAccumulator}) into {@link
 * io.megaspark.jobs.score.ScoreTotals}. Columns: docs/outputs.md.
 */
package io.megaspark.jobs.score;
