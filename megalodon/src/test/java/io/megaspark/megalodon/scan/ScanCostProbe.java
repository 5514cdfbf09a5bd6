package io.megaspark.megalodon.scan;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.reference.ReferenceEma;
import io.megaspark.megalodon.reference.ReferenceLayer;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.reference.ReferenceTimestepNorm;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures the per-token cost of each step of the layer-wise scan against the sequential layer, and the
 * size and merge cost of the summaries (docs/benchmarks.md, "One document across partitions"). Not a
 * test: run it by hand (the command is in docs/benchmarks.md).
 *
 * <p>Arguments: config json path, tokens per range, repetitions.
 */
public final class ScanCostProbe {
  private ScanCostProbe() {}

  public static void main(String[] args) {
    MegalodonConfig cfg = MegalodonConfig.load(Path.of(args[0]));
    int tokens = Integer.parseInt(args[1]);
    int reps = Integer.parseInt(args[2]);
    ReferenceModel model = new ReferenceModel(MegalodonWeights.initialize(cfg, 1));
    int[] ids = new SplittableRandom(2).ints(tokens, 0, cfg.vocabSize()).toArray();
    ReferenceLayer layer = model.layer(0);
    int g = cfg.normNumGroups();
    int dn = cfg.modelDim() * cfg.cemaNdim();
    double[][] x = model.embed(ids);
    TimestepNormSummary in = TimestepNormSummary.local(x, g);
    double[][] h = {new double[dn], new double[dn]};
    for (int rep = 0; rep < reps; rep++) {
      boolean report = rep == reps - 1; // the earlier repetitions warm the JIT up
      long t0 = System.nanoTime();
      model.forward(StreamState.initial(cfg), ids);
      long t1 = System.nanoTime();
      ReferenceTimestepNorm.Output tsn = layer.timestepNorm(x, in.toState());
      long t2 = System.nanoTime();
      ReferenceEma.Output ema = ReferenceEma.forward(tsn.y(), h[0], h[1], layer.ema());
      long t3 = System.nanoTime();
      layer.afterEma(x, tsn.y(), ema.y());
      long t4 = System.nanoTime();
      TimestepNormSummary.local(x, g);
      long t5 = System.nanoTime();
      EmaStage stage = RangeWork.emaStage(layer, x, in);
      long t6 = System.nanoTime();
      RangeWork.finishFromInput(layer, x, in, h);
      long t7 = System.nanoTime();
      RangeWork.logits(model, x, in);
      long t8 = System.nanoTime();
      if (report) {
        double perToken = 1e9 / tokens; // ns per token
        print("whole model, sequential (%d layers)", (t1 - t0) / perToken, cfg.numLayers());
        print("layer: TimestepNorm", (t2 - t1) / perToken);
        print("layer: CEMA recurrence", (t3 - t2) / perToken);
        print("layer: steps 3-11 (attention, FFN)", (t4 - t3) / perToken);
        print("scan: local TimestepNorm summary", (t5 - t4) / perToken);
        print("scan: stage ema (normalise + CEMA from 0)", (t6 - t5) / perToken);
        print("scan: stage finish (normalise + CEMA from h + 3-11 + summary)", (t7 - t6) / perToken);
        print("output norm + LM head", (t8 - t7) / perToken);
        summaries(g, dn, stage.summary(), in);
      }
    }
  }

  private static void summaries(int g, int dn, EmaSummary ema, TimestepNormSummary norm) {
    int n = 100_000;
    long t0 = System.nanoTime();
    TimestepNormSummary acc = norm;
    for (int i = 0; i < n; i++) {
      acc = acc.combine(norm);
    }
    long t1 = System.nanoTime();
    EmaSummary e = ema;
    for (int i = 0; i < n / 100; i++) {
      e = e.andThen(ema);
    }
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "summary bytes: TimestepNorm %d, CEMA %d (G=%d, D*N=%d)%n",
        norm.toBytes().length, ema.toBytes().length, g, dn);
    System.out.printf(Locale.ROOT, "driver combine: TimestepNorm %.2f us, CEMA %.2f us (%s)%n",
        (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / (n / 100), acc.count() > 0 && e.size() > 0 ? "ok" : "");
  }

  private static void print(String what, double nsPerToken, Object... args) {
    System.out.printf(Locale.ROOT, "%-70s %10.2f us/token%n", String.format(Locale.ROOT, what, args),
        nsPerToken / 1e3);
  }
}
