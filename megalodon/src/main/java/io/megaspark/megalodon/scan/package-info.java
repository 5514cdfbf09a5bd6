/**
 * One document across many partitions: the exact layer-wise parallel scan of MODEL.md 1.10 (DESIGN.md
 * execution mode 2), on the float64 reference, with no Spark in it.
 *
 * <p>Within one layer the two recurrent updates are associative: the TimestepNorm statistics form a
 * monoid under Chan's combine ({@link io.megaspark.megalodon.scan.TimestepNormSummary}) and the CEMA
 * update over L steps is the affine map {@code h -> q^L h + h_loc}, which composes
 * ({@link io.megaspark.megalodon.scan.EmaSummary}). So given a layer's true input on every range, two
 * exclusive scans of small summaries ({@link io.megaspark.megalodon.scan.Scan}) give every range its
 * exact incoming statistics and h, and the range finishes the layer alone
 * ({@link io.megaspark.megalodon.scan.RangeWork}). The next layer's input depends non-linearly on these
 * states, so the scan runs layer by layer: two rounds per layer and one for the output norm, depth about
 * n/P + P per layer instead of n. {@link io.megaspark.megalodon.scan.ScanForward} runs all rounds in one
 * process and is the oracle of the distributed version.
 *
 * <p>Ranges ({@link io.megaspark.megalodon.scan.DocumentRanges}) start on chunk boundaries, so attention
 * never crosses them. Infini memory's linear-rule (M, z) writes are additive and scan the same way
 * ({@link io.megaspark.megalodon.scan.LayerMemorySummary}); its delta rule is not associative (the update
 * divides by the current state) and needs the ordered hand-off instead. The fast version of the per-range
 * steps is {@code model.LayerwiseModel}; the jobs module runs either on Spark.
 *
 * <p>Shapes: T tokens of a range, D model dim, N EMA order (complex values as re/im arrays [D*N], index
 * d*N+n), G norm groups, V vocab, L layers, P ranges.
 */
package io.megaspark.megalodon.scan;
