/**
 * Benchmarks that need Spark: {@link io.megaspark.jobs.bench.FunctionsVersusJobsBenchmark} (the SQL
 * function {@code megaspark_score} against the score job on the same documents). Each prints its figures and
 * ends with one JSON line; none is a test (timings are never asserted). {@code bin/megaspark bench} runs them.
 */
package io.megaspark.jobs.bench;
