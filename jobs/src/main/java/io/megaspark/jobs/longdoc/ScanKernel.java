package io.megaspark.jobs.longdoc;

import io.megaspark.jobs.run.BlockModel;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.ReferenceBlockModel;
import io.megaspark.jobs.run.SharedModels;
import io.megaspark.jobs.run.TensorFlowBlockModel;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.scan.EmaSummary;
import io.megaspark.megalodon.scan.LayerMemorySummary;
import io.megaspark.megalodon.scan.TimestepNormSummary;

/**
 * The per-range math of the layer-wise scan (MODEL.md 1.10), one piece at a time: a piece is a block of
 * whole chunks of a range (only a range's last piece may be shorter), and a range's pieces run in order
 * with the layer's state carried from one to the next. Two implementations: the fast TensorFlow model
 * ({@link TensorFlowScanKernel}, float32 activations) and the float64 reference ({@link
 * ReferenceScanKernel}), the slow oracle. Activations cross the wire as bytes in each kernel's own format.
 */
interface ScanKernel {
  /** A piece's activations and their TimestepNorm statistics alone (the local summary). */
  record Piece(byte[] x, TimestepNormSummary summary) {}

  /**
   * One layer's state carried from piece to piece inside a range, in float64 (the TensorFlow kernel
   * rounds h to float32 when it feeds it, exactly as a StreamState would).
   *
   * @param norm the TimestepNorm statistics
   * @param h {re, im} [D*N] the CEMA state
   * @param memory the layer's Infini memory, null without memory (or when not carried)
   */
  record Carry(TimestepNormSummary norm, double[][] h, LayerMemorySummary memory) {}

  /**
   * @param y the block output's bytes
   * @param summary y's local TimestepNorm statistics (the next layer's summary)
   */
  record Step(Piece y, Carry next) {}

  /** A piece's score and the output norm's statistics after it. */
  record Score(double nll, long scored, TimestepNormSummary next) {}

  /** @param tokens [T] the piece's tokens (no padding) */
  Piece embed(int[] tokens);

  /**
   * The layer's state after the piece, without its output: TimestepNorm and CEMA, plus the memory write
   * when {@code memory} (the attention and FFN are not run on the TensorFlow model).
   */
  Carry advance(int layer, byte[] x, Carry in, boolean memory);

  /** The piece's block output from the exact incoming state, and the state after it. */
  Step forward(int layer, byte[] x, Carry in);

  /**
   * Output TimestepNorm, LM head and the summed negative log-likelihood of the targets.
   *
   * @param targets [T] the next token of every position, {@link RangeScoring#NONE} for none
   */
  Score score(byte[] x, int[] targets, TimestepNormSummary in);

  /** The range's CEMA summary: decay power {@code q^steps} and the local state {@code hLoc}. */
  EmaSummary emaSummary(int layer, double[][] hLoc, long steps);

  /** The model's config (with the job's overrides). */
  MegalodonConfig config();

  /** D*N, the size of a layer's CEMA state h (each of re and im). */
  default int emaSize() {
    return config().modelDim() * config().cemaNdim();
  }

  /** Sizes of one layer's memory {M, z} (H*Dz*Dv, H*Dz), or null when the model has none. */
  default int[] memorySizes() {
    MegalodonConfig c = config();
    if (!c.infini().enabled()) {
      return null;
    }
    int zn = c.numHeads() * c.headDimZ();
    return new int[] {zn * c.headDimV(), zn};
  }

  /** The kernel of a job's model, loaded once per JVM ({@link SharedModels}). */
  static ScanKernel of(ModelRef ref, int pieceTokens) {
    BlockModel<?> m = SharedModels.get(ref);
    if (m instanceof TensorFlowBlockModel tf) {
      return new TensorFlowScanKernel(tf.model().layerwise(), pieceTokens);
    }
    if (m instanceof ReferenceBlockModel r) {
      return new ReferenceScanKernel(r.model());
    }
    throw new IllegalArgumentException("the layer-wise scan needs a model directory (TensorFlow or"
        + " reference backend), got " + ref);
  }
}
