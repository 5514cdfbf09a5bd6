/**
 * Megaspark's Spark SQL functions: thin, typed, null-safe adapters over {@link io.megaspark.udfs.document}
 * (which uses chunking's tokenizers and sentence splitter and megalodon's model).
 *
 * <p>Three ways in: {@link io.megaspark.udfs.MegasparkFunctions#register} (one call from Java, Scala or
 * PySpark through py4j); one class per function with a no-argument constructor ({@link
 * io.megaspark.udfs.TokensFunction}, {@link io.megaspark.udfs.ScoreFunction}, {@link
 * io.megaspark.udfs.EmbedFunction}, {@link io.megaspark.udfs.SummarizeFunction}) for PySpark's {@code
 * spark.udf.registerJavaFunction}; and {@link io.megaspark.udfs.MegasparkExtensions} for {@code
 * spark.sql.extensions}, where SQL alone must see them. All three take their settings from {@link
 * io.megaspark.udfs.FunctionOptions} ({@code spark.megaspark.*} conf keys). docs/notebooks.md shows each.
 *
 * <p>Nulls: a null argument gives a null result; nothing else takes or returns null.
 *
 * <p>Functions or jobs, measured ({@code bin/megaspark bench udf}: the same 32 documents of about 4,000
 * characters cut from the sample books, 128,078 tokens, bundled model, {@code local[*]} on a shared 2-vCPU
 * AMD EPYC, 2026-11-26, medians of 3): {@code megaspark_score} 5,994 tokens/s against the score job's 2,969
 * at its default batch of 8 and blocks of 2048 (the function takes 0.50 of the job's time), against 5,367 at
 * {@code --batch-size 1} (0.87); with blocks of 256 the job's batching wins, 4,958 against 4,026 (1.23). The
 * scores are the same (bit for bit at blocks of 2048). docs/notebooks.md, "Functions or jobs", has the
 * table and the reasons.
 */
package io.megaspark.udfs;
