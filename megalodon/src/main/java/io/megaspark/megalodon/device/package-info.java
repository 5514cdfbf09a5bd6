/**
 * Where the model runs: CPU or one GPU, and how much device memory a batch needs.
 *
 * <p>{@link io.megaspark.megalodon.device.DeviceRequest} says which device a caller wants (the Spark jobs
 * read it from the task's GPU resource); {@link io.megaspark.megalodon.device.DevicePlacement} turns it
 * into a TensorFlow {@code ConfigProto} plus the device the graph is pinned to, checks with a real session
 * that the device exists, and falls back to the CPU with one log line when it does not.
 * {@link io.megaspark.megalodon.device.MemoryEstimate} computes device memory from the model dimensions
 * (docs/gpu.md prints its table for the small and 7B configs).
 *
 * <p>TensorFlow constraint that shapes this package: inside one process, every session must give
 * {@code gpu_options.visible_device_list} the same value, because TensorFlow numbers the visible GPUs
 * {@code GPU:0, GPU:1, ...} once per process and refuses a second, different mapping (tensorflow/tensorflow
 * issue 19083). So the visible list is the set of GPUs the whole executor JVM owns, and a model is placed on
 * its GPU by pinning its graph to {@code /device:GPU:i}, i being the address's position in that list.
 *
 * <p>Shape glossary (used by {@link io.megaspark.megalodon.device.MemoryEstimate}): B batch rows (documents
 * per model call), T tokens per block, C chunk length, K = T/C chunks per block, H heads, D model dim,
 * Dz and Dv the z and value widths (all heads), F the FFN hidden width, N EMA order, G norm groups, V
 * vocab, P = the FFT half-length (the next power of two at or above T).
 *
 * <p>Null rule: no method accepts or returns null.
 */
package io.megaspark.megalodon.device;
