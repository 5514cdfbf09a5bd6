/**
 * The {@code embed} job: per document the mean final hidden state (D floats) and a summary of the carried
 * state (D + 2G floats), optionally one mean per block. Columns: docs/outputs.md.
 */
package io.megaspark.jobs.embed;
