/**
 * Benchmarks that need Spark, and their pieces: {@link io.megaspark.jobs.bench.FunctionsVersusJobsBenchmark}
 * (the SQL function {@code megaspark_score} against the score job on the same documents), corpora of a chosen
 * size cut from real text ({@link io.megaspark.jobs.bench.BenchCorpus}) and the arithmetic of the scoring
 * job's report ({@link io.megaspark.jobs.bench.ScalingReport}). Each benchmark prints its figures and ends
 * with one JSON line; none is a test (timings are never asserted). {@code bin/megaspark bench} runs them.
 */
package io.megaspark.jobs.bench;
