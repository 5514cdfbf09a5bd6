package io.megaspark.megalodon.scan;

import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.reference.ReferenceLayer;
import io.megaspark.megalodon.reference.ReferenceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exact layer-wise parallel scan of one document over P contiguous ranges (MODEL.md 1.10, DESIGN.md
 * execution mode 2), run in one process on the float64 reference. It is the oracle for the distributed
 * version in jobs, which runs the same {@link RangeWork} steps as Spark tasks and the same
 * {@link Scan#exclusive} calls on the driver. Per layer: a TimestepNorm scan, then a CEMA scan; every
 * "for each range" loop below is a parallel round, every scan a driver step.
 */
public final class ScanForward {
  private ScanForward() {}

  /**
   * @param in the document's state before its first token (position on a chunk boundary)
   * @param tokens [T] the document
   * @param ranges a split of [0, T) whose ranges start on chunk boundaries
   */
  public static ScanResult run(ReferenceModel model, StreamState in, int[] tokens,
      DocumentRanges ranges) {
    checkArguments(model, in, tokens, ranges);
    int p = ranges.count();
    int layers = model.config().numLayers();
    // 0. embed every range and summarise its input to layer 0
    List<RangeActivations> acts = new ArrayList<>(p);
    for (int r = 0; r < p; r++) {
      acts.add(RangeWork.embed(model, Arrays.copyOfRange(tokens, (int) ranges.start(r),
          (int) ranges.end(r))));
    }
    double[][][] hidden = new double[layers][][];
    TimestepNormSummary[] normTotals = new TimestepNormSummary[layers];
    EmaSummary[] emaTotals = new EmaSummary[layers];
    for (int l = 0; l < layers; l++) {
      ReferenceLayer layer = model.layer(l);
      // 1. driver: exclusive scan of the TimestepNorm summaries
      List<TimestepNormSummary> norms = Scan.exclusive(ScanStates.norm(in, l),
          acts.stream().map(RangeActivations::normSummary).toList(), TimestepNormSummary::combine);
      // 2. ranges: exact normalised input, CEMA from zero and its summary
      List<EmaStage> stages = new ArrayList<>(p);
      for (int r = 0; r < p; r++) {
        stages.add(RangeWork.emaStage(layer, acts.get(r).x(), norms.get(r)));
      }
      // 3. driver: exclusive scan of the CEMA summaries, starting from the carried h
      List<EmaSummary> emas = Scan.exclusive(ScanStates.ema(in, l),
          stages.stream().map(EmaStage::summary).toList(), EmaSummary::andThen);
      // 4. ranges: corrected CEMA output, rest of the block, summary for the next layer
      List<RangeActivations> next = new ArrayList<>(p);
      for (int r = 0; r < p; r++) {
        next.add(RangeWork.finish(layer, acts.get(r).x(), stages.get(r), emas.get(r).state()));
      }
      acts = next;
      hidden[l] = concat(acts.stream().map(RangeActivations::x).toList());
      normTotals[l] = norms.get(p);
      emaTotals[l] = emas.get(p);
    }
    // 5. driver: the output TimestepNorm scan; ranges: output norm and LM head
    List<TimestepNormSummary> out = Scan.exclusive(ScanStates.outputNorm(in),
        acts.stream().map(RangeActivations::normSummary).toList(), TimestepNormSummary::combine);
    List<double[][]> logits = new ArrayList<>(p);
    for (int r = 0; r < p; r++) {
      logits.add(RangeWork.logits(model, acts.get(r).x(), out.get(r)));
    }
    StreamState after = ScanStates.after(in, tokens.length, normTotals, emaTotals, out.get(p));
    return new ScanResult(concat(logits), hidden, after);
  }

  private static void checkArguments(ReferenceModel model, StreamState in, int[] tokens,
      DocumentRanges ranges) {
    in.checkFits(model.config());
    int chunk = model.config().chunkSize();
    if (in.position() % chunk != 0) {
      throw new IllegalArgumentException("the state is at position " + in.position()
          + ", inside a chunk of " + chunk + ": a document's ranges must start on chunk boundaries");
    }
    if (ranges.length() != tokens.length) {
      throw new IllegalArgumentException("ranges cover " + ranges.length() + " tokens, the document has "
          + tokens.length);
    }
    ranges.checkAligned(chunk);
  }

  private static double[][] concat(List<double[][]> parts) {
    int n = parts.stream().mapToInt(a -> a.length).sum();
    double[][] all = new double[n][];
    int at = 0;
    for (double[][] a : parts) {
      System.arraycopy(a, 0, all, at, a.length);
      at += a.length;
    }
    return all;
  }
}
