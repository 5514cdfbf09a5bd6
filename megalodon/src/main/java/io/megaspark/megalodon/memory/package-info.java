/**
 * Infini-attention's compressive memory (MODEL.md §4; arXiv 2404.07143), as a float64 reference that the
 * TensorFlow model's memory path is tested against.
 *
 * <ul>
 *   <li>{@link io.megaspark.megalodon.memory.InfiniMemoryConfig}: the {@code infini} config section (enabled,
 *       update rule, gate initialisation);
 *   <li>{@link io.megaspark.megalodon.memory.InfiniMemoryState}: one head's memory (M, z), carried across
 *       segments and documents' blocks, with a compact binary form;
 *   <li>{@link io.megaspark.megalodon.memory.InfiniMemoryReference}: read, gate and write for a segment, and a
 *       run of segments.
 * </ul>
 *
 * <p>Shapes: C tokens per segment (Megaspark's segment is the attention chunk), T tokens in a run of segments,
 * Dz query/key head width, Dv value head width, H heads. Per layer the memory holds H * Dz * (Dv + 1) numbers,
 * independent of how much has been read.
 *
 * <p>The memory path sees Q and K without positional encoding; RoPE applies only to the local attention A_dot.
 * Linear writes are additive (a prefix sum over segments); delta writes are not associative.
 *
 * <p>Nulls: no method accepts or returns null.
 */
package io.megaspark.megalodon.memory;
