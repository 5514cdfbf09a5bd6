package io.megaspark.megalodon.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.testing.TestPaths;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MegalodonWeightsTest {
  @TempDir Path dir;

  private static MegalodonConfig tiny() {
    return MegalodonConfig.builder().numLayers(2).modelDim(16).zDim(8).valueDim(12).numHeads(2)
        .ffnHiddenDim(24).cemaNdim(4).chunkSize(4).normNumGroups(4).vocabSize(20).swiglu(true).build();
  }

  @Test
  void goldenCheckpoint_loadsAndMatchesLayout() {
    MegalodonConfig c = MegalodonConfig.load(TestPaths.tinyA().resolve("config.json"));
    MegalodonWeights w = MegalodonWeights.load(TestPaths.tinyA(), c);
    assertArrayEquals(new long[] {64, 16, 2}, w.shape("layers.1.mega.cema.gamma"));
    assertArrayEquals(new long[] {256, 64}, w.shape(WeightLayout.HEAD));
    assertTrue(w.names().containsAll(WeightLayout.required(c).keySet()));
    assertEquals(8, w.get(WeightLayout.ROPE_FREQS).length);
  }

  @Test
  void initializeSaveLoad_roundTripsBitExact() {
    MegalodonConfig c = tiny();
    MegalodonWeights w = MegalodonWeights.initialize(c, 7);
    Path f = dir.resolve("m.safetensors");
    w.save(f);
    MegalodonWeights back = MegalodonWeights.load(f, c);
    assertEquals(w.names(), back.names());
    for (String n : w.names()) {
      assertArrayEquals(w.get(n), back.get(n), 0f, n); // bit-exact
      assertArrayEquals(w.shape(n), back.shape(n), n);
    }
  }

  @Test
  void initialize_isDeterministicAndFollowsModelMdInit() {
    MegalodonConfig c = tiny().toBuilder().rescaleNffn(true).build();
    MegalodonWeights a = MegalodonWeights.initialize(c, 3);
    MegalodonWeights b = MegalodonWeights.initialize(c, 3);
    assertArrayEquals(a.get("layers.0.mega.wz.weight"), b.get("layers.0.mega.wz.weight"), 0f);
    assertArrayEquals(new float[16], a.get("layers.0.mega.timenorm.weight"), 0f); // plus-one: 0
    assertArrayEquals(new float[16], a.get("layers.1.mega.gamma"), 0f);
    float[] gamma = a.get("layers.0.mega.cema.gamma");
    for (int i = 1; i < gamma.length; i += 2) {
      assertEquals(0f, gamma[i], 0f); // imaginary part starts at 0
    }
    assertEquals(0.05f, a.get("layers.1.nffn.alpha")[0], 1e-7f); // 0.1 * 0.5^1
    for (float o : a.get("layers.0.mega.cema.omega")) {
      assertTrue(Math.abs(o) <= 1f);
    }
  }

  @Test
  void missingTensor_messageNamesTensorAndShape() {
    MegalodonConfig c = tiny();
    Map<String, float[]> m = weights(c);
    m.remove("layers.1.mega.wr.bias");
    var e = assertThrows(MegalodonException.class, () -> MegalodonWeights.of(c, m));
    assertTrue(e.getMessage().contains("missing tensor 'layers.1.mega.wr.bias', expected shape [12]"),
        e.getMessage());
  }

  @Test
  void wrongShapeInFile_messageHasExpectedAndActual() {
    MegalodonConfig c = tiny();
    Path f = dir.resolve("w.safetensors");
    MegalodonWeights.initialize(c, 1).save(f);
    MegalodonConfig other = c.toBuilder().valueDim(16).build();
    var e = assertThrows(MegalodonException.class, () -> MegalodonWeights.load(f, other));
    assertTrue(e.getMessage().contains("tensor 'layers.0.mega.wv.weight' has shape [12, 16], expected"
        + " [16, 16] from the config"), e.getMessage());
  }

  @Test
  void unexpectedTensor_suggestsConfigMismatch() {
    MegalodonConfig c = tiny();
    Path f = dir.resolve("w.safetensors");
    MegalodonWeights.initialize(c, 1).save(f);
    var e = assertThrows(MegalodonException.class,
        () -> MegalodonWeights.load(f, c.toBuilder().swiglu(false).build()));
    assertTrue(e.getMessage().contains("unexpected tensors [layers.0.nffn.fc3.weight,"
        + " layers.1.nffn.fc3.weight]"), e.getMessage());
  }

  @Test
  void shareEmb_headIsTheEmbedding() {
    MegalodonConfig c = tiny().toBuilder().shareEmb(true).build();
    MegalodonWeights w = MegalodonWeights.initialize(c, 5);
    assertArrayEquals(w.get(WeightLayout.EMBED), w.get(WeightLayout.HEAD), 0f);
    Map<String, float[]> m = weights(c);
    m.put(WeightLayout.HEAD, new float[20 * 16]);
    var e = assertThrows(MegalodonException.class, () -> MegalodonWeights.of(c, m));
    assertTrue(e.getMessage().contains("differs from embed.weight although share_emb=true"),
        e.getMessage());
  }

  @Test
  void ropeFreqsOfAnotherBase_areRejected() {
    MegalodonConfig c = MegalodonConfig.load(TestPaths.tinyA().resolve("config.json"))
        .toBuilder().ropeBase(100000).build();
    var e = assertThrows(MegalodonException.class, () -> MegalodonWeights.load(TestPaths.tinyA(), c));
    assertTrue(e.getMessage().contains("rope.freqs' holds"), e.getMessage());
    assertTrue(e.getMessage().contains("set rope_base in config.json"), e.getMessage());
  }

  @Test
  void normAffineFalse_hasNoNormWeights() {
    MegalodonConfig c = tiny().toBuilder().normAffine(false).build();
    MegalodonWeights w = MegalodonWeights.initialize(c, 2);
    assertFalse(w.has("layers.0.mega.rmsnorm.weight"));
    assertFalse(w.has("output.final_norm.bias"));
  }

  private static Map<String, float[]> weights(MegalodonConfig c) {
    MegalodonWeights w = MegalodonWeights.initialize(c, 11);
    Map<String, float[]> m = new LinkedHashMap<>();
    for (String n : w.names()) {
      m.put(n, w.get(n));
    }
    return m;
  }
}
