/**
 * Throughput measurement of the TensorFlow model: {@link io.megaspark.megalodon.bench.ModelBenchmark}
 * (block-by-block inference with carried state against a plain 1024³ matmul in the same JVM, one JSON line
 * at the end), {@link io.megaspark.megalodon.bench.FlopCount} (the analytic FLOPs per token) and {@link
 * io.megaspark.megalodon.bench.ModelProfiler} (a per-op profile of one block).
 */
package io.megaspark.megalodon.bench;
