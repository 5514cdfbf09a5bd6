package io.megaspark.megalodon.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraAdaptersTest {
  private static final MegalodonConfig TINY = MegalodonConfig.builder().numLayers(2).modelDim(16).zDim(8)
      .valueDim(24).numHeads(2).ffnHiddenDim(32).cemaNdim(4).chunkSize(8).normNumGroups(4).vocabSize(40).build();
  private static final LoraConfig ALL = new LoraConfig(4, 8, 0, EnumSet.allOf(LoraTarget.class));

  @TempDir Path dir;

  private static Map<String, float[]> base() {
    MegalodonWeights w = MegalodonWeights.initialize(TINY, 5);
    Map<String, float[]> m = new LinkedHashMap<>();
    for (String n : w.names()) {
      m.put(n, w.get(n));
    }
    return m;
  }

  /** Adapters with B made non-zero, so merging changes the weights. */
  private static LoraAdapters trained(long seed) {
    LoraAdapters fresh = LoraAdapters.initialize(TINY, ALL, seed);
    Map<String, float[]> t = fresh.tensors();
    Random r = new Random(seed);
    t.forEach((name, v) -> {
      if (name.endsWith(".lora_b")) {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (0.1 * r.nextGaussian());
        }
      }
    });
    return LoraAdapters.of(TINY, ALL, t);
  }

  @Test
  void freshAdapters_haveZeroBSoMergingChangesNothing() {
    Map<String, float[]> base = base();
    Map<String, float[]> merged = LoraAdapters.initialize(TINY, ALL, 3).mergeInto(base);
    for (String n : base.keySet()) {
      assertArrayEquals(base.get(n), merged.get(n), 0f, n);
    }
  }

  @Test
  void mergedLinear_equalsBasePlusAdapterPath() {
    Map<String, float[]> base = base();
    LoraAdapters lora = trained(9);
    Map<String, float[]> merged = lora.mergeInto(base);
    Random r = new Random(4);
    for (int layer = 0; layer < 2; layer++) {
      for (LoraTarget t : LoraTarget.values()) {
        double[][] x = new double[5][t.inFeatures(TINY)];
        for (double[] row : x) {
          for (int i = 0; i < row.length; i++) {
            row[i] = r.nextGaussian();
          }
        }
        String w = t.weightName(layer);
        double[][] viaAdapter = LoraLinearReference.forward(x, base.get(w), null,
            lora.get(LoraAdapters.aName(layer, t)), lora.get(LoraAdapters.bName(layer, t)), ALL.scale(), null);
        float[] zero = new float[lora.get(LoraAdapters.aName(layer, t)).length];
        double[][] viaMerged = LoraLinearReference.forward(x, merged.get(w), null, zero,
            lora.get(LoraAdapters.bName(layer, t)), ALL.scale(), null);
        for (int s = 0; s < 5; s++) {
          // merged weights are rounded to float32 once: relative 6e-8 of |x|·|W| sums of ~24 terms
          assertArrayEquals(viaAdapter[s], viaMerged[s], 1e-5, w);
        }
      }
    }
  }

  @Test
  void saveThenLoad_roundTripsValuesAndSettings() {
    LoraAdapters lora = trained(11);
    Path file = dir.resolve("lora.safetensors");
    lora.save(file);
    LoraAdapters back = LoraAdapters.load(file, TINY);
    assertEquals(ALL, back.config());
    lora.tensors().forEach((n, v) -> assertArrayEquals(v, back.get(n), 0f, n));
  }

  @Test
  void load_forAnotherModelShape_failsNamingTheTensor() {
    Path file = dir.resolve("lora.safetensors");
    trained(12).save(file);
    MegalodonConfig wider = TINY.toBuilder().modelDim(32).build();
    var e = assertThrows(MegalodonException.class, () -> LoraAdapters.load(file, wider));
    assertEquals("LoRA adapter file " + file + ": tensor 'layers.0.mega.wz.lora_a' has shape [4, 16], expected"
        + " [4, 32] (the adapters were trained for another model config; use the matching base model)", e.getMessage());
  }

  @Test
  void config_scaleIsAlphaOverRank() {
    assertEquals(2.0, LoraConfig.longLora().scale(), 0);
    var e = assertThrows(IllegalArgumentException.class, () -> new LoraConfig(0, 16, 0, EnumSet.of(LoraTarget.WZ)));
    assertEquals("lora rank must be positive: rank=0", e.getMessage());
  }
}
