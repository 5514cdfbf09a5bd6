package io.megaspark.megalodon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.MegalodonException;
import io.megaspark.megalodon.testing.TestPaths;
import org.junit.jupiter.api.Test;

class MegalodonConfigTest {
  @Test
  void tinyJson_loads_withItsValues() {
    MegalodonConfig c = MegalodonConfig.load(TestPaths.root().resolve("conf/models/tiny.json"));
    assertEquals(2, c.numLayers());
    assertEquals(64, c.modelDim());
    assertEquals(16, c.headDimZ());
    assertEquals(48, c.headDimV());
    assertEquals(16, c.groupDim());
    assertEquals(260, c.outputVocab());
    assertTrue(c.swiglu());
    assertEquals("bytes", c.tokenizer());
    assertEquals(1e-5, c.normEps(), 0.0); // official default, exact
    assertEquals(10000.0, c.ropeBase(), 0.0);
  }

  @Test
  void everyConfModelsFile_loads() throws java.io.IOException {
    try (var files = java.nio.file.Files.list(TestPaths.root().resolve("conf/models"))) {
      var names = files.filter(p -> p.toString().endsWith(".json")).peek(MegalodonConfig::load)
          .map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(java.util.List.of("7b.json", "small.json", "tiny.json"), names);
    }
  }

  @Test
  void smallJson_loads_withItsValues() {
    MegalodonConfig c = MegalodonConfig.load(TestPaths.root().resolve("conf/models/small.json"));
    assertEquals(6, c.numLayers());
    assertEquals(256, c.chunkSize());
    assertEquals(704, c.ffnHiddenDim());
    assertEquals(16, c.normNumGroups());
  }

  @Test
  void sevenBJson_loads_asMega73B() {
    MegalodonConfig c = MegalodonConfig.load(TestPaths.root().resolve("conf/models/7b.json"));
    assertEquals(32, c.numLayers());
    assertEquals(4096, c.modelDim());
    assertEquals(256, c.headDimZ());
    assertEquals(2048, c.headDimV());
    assertEquals(100000.0, c.ropeBase(), 0.0);
    assertEquals(32000, c.outputVocab());
  }

  @Test
  void goldenConfig_officialShape_loadsWithOfficialDefaults() {
    MegalodonConfig c = MegalodonConfig.load(TestPaths.tinyA().resolve("config.json"));
    assertEquals(256, c.vocabSize());
    assertTrue(c.normAffine());
    assertFalse(c.scaleEmb() || c.shareEmb() || c.rescaleNffn());
    assertEquals(10000.0, c.ropeBase(), 0.0);
  }

  @Test
  void toJson_fromJson_roundTripsToEqualRecord() {
    MegalodonConfig c = MegalodonConfig.builder().vocabSize(300).outputSize(310).numHeads(4)
        .zDim(64).normEps(1e-6).ropeBase(12345.5).scaleEmb(true).tokenizer("gpt2").build();
    assertEquals(c, MegalodonConfig.fromJson(c.toJson(), "round trip"));
  }

  @Test
  void unknownKey_errorListsValidKeys() {
    var e = assertThrows(MegalodonException.class,
        () -> MegalodonConfig.fromJson("{\"vocab_size\": 256, \"num_layer\": 2}", "x.json"));
    assertTrue(e.getMessage().contains("unknown key 'num_layer' in the top level"), e.getMessage());
    assertTrue(e.getMessage().contains("valid keys: "), e.getMessage());
    assertTrue(e.getMessage().contains("num_layers"), e.getMessage());
    assertTrue(e.getMessage().contains("x.json"), e.getMessage());
  }

  @Test
  void unknownKeyInOfficialModelSection_errorNamesSection() {
    var e = assertThrows(MegalodonException.class, () -> MegalodonConfig.fromJson(
        "{\"model\": {\"vocab_size\": 256, \"bogus\": 1}}", "c.json"));
    assertTrue(e.getMessage().contains("unknown key 'bogus' in section 'model'"), e.getMessage());
  }

  @Test
  void unknownTopLevelSection_isAnError() {
    var e = assertThrows(MegalodonException.class, () -> MegalodonConfig.fromJson(
        "{\"model\": {\"vocab_size\": 256}, \"optim\": {}}", "c.json"));
    assertTrue(e.getMessage().contains("unknown key 'optim' in the top level")
        && e.getMessage().endsWith("valid keys: model, tokenizer, rope_scaling, rope_parameters,"
            + " rope_theta, infini, chunk_size_override"),
        e.getMessage());
  }

  @Test
  void trainingOnlyKeys_areAcceptedAndIgnored() {
    MegalodonConfig c = MegalodonConfig.fromJson("{\"vocab_size\": 256, \"dropout\": 0.1,"
        + " \"init_mode\": \"he\", \"efficient_attn\": null, \"layerwise_ckpt\": true}", "t.json");
    assertEquals(MegalodonConfig.builder().vocabSize(256).build(), c);
  }

  @Test
  void zDimNotDivisibleByHeads_messageNamesBoth() {
    var e = assertThrows(MegalodonException.class, () -> MegalodonConfig.fromJson(
        "{\"vocab_size\": 256, \"z_dim\": 30, \"num_heads\": 4, \"value_dim\": 64}", "z.json"));
    assertTrue(e.getMessage().contains("z_dim must divide by num_heads: z_dim=30, num_heads=4"),
        e.getMessage());
  }

  @Test
  void modelDimNotDivisibleByGroups_messageNamesBoth() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> MegalodonConfig.builder().vocabSize(10).modelDim(100).normNumGroups(32).build());
    assertEquals("model_dim must divide by norm_num_groups: model_dim=100, norm_num_groups=32",
        e.getMessage());
  }

  @Test
  void oddHeadWidth_isRejectedForRope() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> MegalodonConfig.builder().vocabSize(10).zDim(6).numHeads(2).valueDim(8).build());
    assertTrue(e.getMessage().startsWith("z_dim / num_heads must be even"), e.getMessage());
  }

  @Test
  void missingVocabSize_isRejected() {
    var e = assertThrows(MegalodonException.class, () -> MegalodonConfig.fromJson("{}", "v.json"));
    assertTrue(e.getMessage().contains("vocab_size must be positive: vocab_size=-1"), e.getMessage());
  }

  @Test
  void nonPositiveSize_isRejected() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> MegalodonConfig.builder().vocabSize(10).numLayers(0).build());
    assertEquals("num_layers must be positive: num_layers=0", e.getMessage());
  }

  @Test
  void unknownTokenizer_isRejected() {
    var e = assertThrows(MegalodonException.class, () -> MegalodonConfig.fromJson(
        "{\"vocab_size\": 256, \"tokenizer\": \"llama\"}", "t.json"));
    assertTrue(e.getMessage().contains("tokenizer must be one of [bytes, gpt2]: tokenizer=llama"),
        e.getMessage());
  }

  @Test
  void officialTokenizerSection_isAccepted() {
    MegalodonConfig c = MegalodonConfig.fromJson("{\"model\": {\"vocab_size\": 256},"
        + " \"tokenizer\": {\"path\": \"/x/tokenizer.model\", \"additional_vocab_size\": 0}}", "o.json");
    assertEquals("bytes", c.tokenizer());
  }

  @Test
  void wrongValueType_messageNamesKeyAndValue() {
    var e = assertThrows(MegalodonException.class, () -> MegalodonConfig.fromJson(
        "{\"vocab_size\": 256, \"num_layers\": \"two\"}", "w.json"));
    assertTrue(e.getMessage().contains("num_layers must be an integer, got \"two\""), e.getMessage());
  }

  @Test
  void nullRopeBase_meansTenThousand() {
    MegalodonConfig c = MegalodonConfig.fromJson("{\"vocab_size\": 256, \"rope_base\": null}", "r");
    assertEquals(10000.0, c.ropeBase(), 0.0);
  }

  @Test
  void duplicateKey_isAnError() {
    var e = assertThrows(MegalodonException.class, () -> MegalodonConfig.fromJson(
        "{\"vocab_size\": 256, \"vocab_size\": 300}", "d.json"));
    assertTrue(e.getMessage().contains("Duplicate field 'vocab_size'"), e.getMessage());
  }
}
