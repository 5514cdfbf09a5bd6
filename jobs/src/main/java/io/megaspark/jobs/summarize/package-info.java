/**
 * The {@code summarize} job: extractive summaries by maximal marginal relevance over the model's own
 * sentence vectors ({@link io.megaspark.jobs.summarize.Mmr}), or abstractive ones generated after a
 * prompt; with the score columns. Shapes: S sentences, D model dim. Columns: docs/outputs.md.
 */
package io.megaspark.jobs.summarize;
