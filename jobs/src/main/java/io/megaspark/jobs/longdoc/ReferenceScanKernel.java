package io.megaspark.jobs.longdoc;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.InfiniMemoryState;
import io.megaspark.megalodon.reference.ReferenceLayer;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.reference.ReferenceTimestepNorm;
import io.megaspark.megalodon.scan.EmaSummary;
import io.megaspark.megalodon.scan.LayerMemorySummary;
import io.megaspark.megalodon.scan.TimestepNormSummary;

/**
 * The scan's per-piece math on the float64 reference (slow, exact; the oracle of {@link
 * TensorFlowScanKernel}). Every step runs the reference's whole block ({@link ReferenceLayer#forward});
 * activations and carried state stay float64.
 */
final class ReferenceScanKernel implements ScanKernel {
  private final ReferenceModel model;
  private final MegalodonConfig cfg;

  ReferenceScanKernel(ReferenceModel model) {
    this.model = model;
    this.cfg = model.config();
  }

  @Override
  public Piece embed(int[] tokens) {
    double[][] x = model.embed(tokens);
    return new Piece(Activations.toBytes(x), TimestepNormSummary.local(x, cfg.normNumGroups()));
  }

  @Override
  public Carry advance(int layer, byte[] x, Carry in, boolean memory) {
    ReferenceLayer.Step s = step(layer, x, in);
    return new Carry(TimestepNormSummary.of(s.norm()), new double[][] {s.hRe(), s.hIm()},
        memory ? layerMemory(s.memory()) : in.memory());
  }

  @Override
  public Step forward(int layer, byte[] x, Carry in) {
    ReferenceLayer.Step s = step(layer, x, in);
    return new Step(new Piece(Activations.toBytes(s.y()), TimestepNormSummary.local(s.y(),
        cfg.normNumGroups())), new Carry(TimestepNormSummary.of(s.norm()),
        new double[][] {s.hRe(), s.hIm()}, layerMemory(s.memory())));
  }

  @Override
  public Score score(byte[] x, int[] targets, TimestepNormSummary in) {
    ReferenceTimestepNorm.Output out = model.outputNorm(Activations.fromBytes(x, cfg.modelDim()),
        in.toState());
    RangeScoring.Score s = RangeScoring.score(model.logits(out.y()), targets);
    return new Score(s.nll(), s.scored(), TimestepNormSummary.of(out.state()));
  }

  @Override
  public EmaSummary emaSummary(int layer, double[][] hLoc, long steps) {
    return EmaSummary.local(model.layer(layer).ema(), hLoc[0], hLoc[1], steps);
  }

  @Override
  public MegalodonConfig config() {
    return cfg;
  }

  private ReferenceLayer.Step step(int layer, byte[] x, Carry in) {
    return model.layer(layer).forward(Activations.fromBytes(x, cfg.modelDim()), in.norm().toState(),
        in.h()[0], in.h()[1], heads(in.memory()));
  }

  /** The layer's memory per head; an empty memory when none is carried (its writes are then ignored). */
  private InfiniMemoryState[] heads(LayerMemorySummary memory) {
    if (!cfg.infini().enabled()) {
      return null;
    }
    int dz = cfg.headDimZ();
    int dv = cfg.headDimV();
    InfiniMemoryState[] out = new InfiniMemoryState[cfg.numHeads()];
    for (int h = 0; h < out.length; h++) {
      out[h] = memory == null ? InfiniMemoryState.empty(dz, dv) : new InfiniMemoryState(dz, dv,
          java.util.Arrays.copyOfRange(memory.m(), h * dz * dv, (h + 1) * dz * dv),
          java.util.Arrays.copyOfRange(memory.z(), h * dz, (h + 1) * dz));
    }
    return out;
  }

  private static LayerMemorySummary layerMemory(InfiniMemoryState[] heads) {
    if (heads == null) {
      return null;
    }
    int mn = heads[0].m().length;
    int zn = heads[0].z().length;
    double[] m = new double[heads.length * mn];
    double[] z = new double[heads.length * zn];
    for (int h = 0; h < heads.length; h++) {
      System.arraycopy(heads[h].m(), 0, m, h * mn, mn);
      System.arraycopy(heads[h].z(), 0, z, h * zn, zn);
    }
    return new LayerMemorySummary(m, z);
  }
}
