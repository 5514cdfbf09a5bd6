/**
 * Small helpers for building TensorFlow graphs: build-time shape checks with readable messages
 * ({@code x: expected [B, T, 64], got [2, 16, 48]}) and the dense / batched matmul, SiLU, reshape and
 * slice idioms every layer uses. Every Megaspark graph has static shapes (one graph per batch size B and
 * block length T), so all dimensions are known when a layer is wired.
 *
 * <p>Shape glossary: B batch, T tokens per block, C chunk length, K = T/C, H heads, D model dim, Dz/Dv
 * head widths, N EMA order, G norm groups, V vocab, F FFN width, S EMA sub-chunk length.
 */
package io.megaspark.megalodon.graph;
