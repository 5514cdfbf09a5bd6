/**
 * Partition planning, pure logic: {@link io.megaspark.chunking.plan.BlockPlanner} turns document lengths
 * (in tokens) into a {@link io.megaspark.chunking.plan.BlockPlan}: which document, or which contiguous
 * range of a huge document, each of P partitions processes, and in which order its blocks form waves
 * (block k of many documents batched into one model call).
 *
 * <p>Shapes: P partitions, T tokens per block. Block and token offsets are {@code long}.
 */
package io.megaspark.chunking.plan;
