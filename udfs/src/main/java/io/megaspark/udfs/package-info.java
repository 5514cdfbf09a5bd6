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
 */
package io.megaspark.udfs;
