/**
 * Fixed-length token blocks: {@link io.megaspark.chunking.block.BlockSpec} (T = K x C),
 * {@link io.megaspark.chunking.block.TokenBlock} and the streaming
 * {@link io.megaspark.chunking.block.BlockSplitter}.
 *
 * <p>Conventions (MODEL.md 1.5): a document's stream is BOS + tokens + EOS, so an empty document is the
 * single block [BOS, EOS]; every block but the last holds exactly T tokens; block k starts at token k x T.
 *
 * <p>Shapes: T = K x C tokens per block, C chunk length, K chunks per block.
 */
package io.megaspark.chunking.block;
