/**
 * One document across many partitions (DESIGN.md execution mode 2, issue 10): documents longer than
 * {@code --max-tokens-per-task} are split into contiguous ranges on chunk boundaries and run either as an
 * ordered relay (each range from its predecessor's final state; ranges of different documents side by
 * side) or as the exact layer-wise parallel scan of MODEL.md 1.10 (all ranges at once, two driver-side
 * scans of small summaries per layer). {@link io.megaspark.jobs.longdoc.LongDocPlanner} chooses (pure
 * logic), {@link io.megaspark.jobs.longdoc.LongDocScorer} runs a scoring job with it.
 *
 * <p>Every state, summary and activation travels in DataFrame rows as bytes (never in closures, never
 * through Kryo), so each task is a pure function of its rows and a retried task changes nothing. A
 * scanned range is a run of piece rows (blocks of whole chunks) in one partition; the per-piece math is
 * a {@link io.megaspark.jobs.longdoc.ScanKernel}: the TensorFlow model one layer at a time
 * ({@code megalodon.model.LayerwiseModel}) or the float64 reference, the oracle. {@code bench longdoc}
 * ({@link io.megaspark.jobs.longdoc.LongDocBenchmark}) times the three modes and fits
 * {@link io.megaspark.jobs.longdoc.ScanProjection}.
 *
 * <p>Shapes: T tokens of a range, D model dim, N EMA order, G norm groups, V vocab, P ranges.
 */
package io.megaspark.jobs.longdoc;
