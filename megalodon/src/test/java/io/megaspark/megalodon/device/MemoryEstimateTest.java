package io.megaspark.megalodon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.testing.TestPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {
  /** The golden tiny model (golden/README.md). */
  static final MegalodonConfig TINY = MegalodonConfig.load(TestPaths.tinyA().resolve("config.json"));
  /** mega7.3B of MODEL.md section 1.5 (SwiGLU, FFN 8192). */
  static final MegalodonConfig MEGA_7_3B = seven(8192, true);
  /** mega7.1B of MODEL.md section 1.5 (no SwiGLU, FFN 11264). */
  static final MegalodonConfig MEGA_7_1B = seven(11264, false);

  static MegalodonConfig seven(int ffn, boolean swiglu) {
    return MegalodonConfig.builder().numLayers(32).modelDim(4096).zDim(1024).valueDim(8192).numHeads(4)
        .ffnHiddenDim(ffn).cemaNdim(16).chunkSize(2048).normNumGroups(64).vocabSize(32000).swiglu(swiglu).build();
  }

  @Test
  void storedTensorCount_tinyGolden_equalsElementsInTheOfficialStateDict() throws IOException {
    long elements = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = safetensorsHeader(TestPaths.tinyA().resolve("model.safetensors")).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      long n = 1;
      for (JsonNode dim : e.getValue().get("shape")) {
        n *= dim.asLong();
      }
      elements += n;
    }
    // Exact: a count. The golden file leaves out the 3 prior_count scalars (golden/README.md).
    assertEquals(elements + 3, MemoryEstimate.storedTensorCount(TINY));
  }

  @Test
  void parameterCount_equalsTheClosedFormInDocsGpuMd() {
    List<MegalodonConfig> configs = List.of(TINY, MEGA_7_3B, MEGA_7_1B,
        TINY.toBuilder().shareEmb(true).build(),
        TINY.toBuilder().normAffine(false).rescaleNffn(true).outputSize(300).build());
    for (MegalodonConfig c : configs) {
      assertEquals(closedFormParameters(c), MemoryEstimate.parameterCount(c), c.toString()); // exact: counts
    }
  }

  @Test
  void parameterCount_7bConfigs_matchThePapersSizes() {
    // MODEL.md section 1.5: mega7.3B about 7.38e9 and mega7.1B about 7.12e9 parameters; tolerance 0.5 %.
    assertEquals(7.38e9, MemoryEstimate.parameterCount(MEGA_7_3B), 7.38e9 * 0.005);
    assertEquals(7.12e9, MemoryEstimate.parameterCount(MEGA_7_1B), 7.12e9 * 0.005);
  }

  @Test
  void statePerDocument_7b_isAbout16MiBDominatedByCemaState() {
    // MODEL.md section 1.10: CEMA h is 512 KiB per layer at 7B, about 16 MiB per document in all.
    long bytes = MemoryEstimate.statePerDocumentBytes(MEGA_7_3B);
    long cema = 32L * 512 * 1024;
    assertTrue(bytes > cema && bytes < cema + 64 * 1024, "state " + bytes + " bytes");
  }

  @Test
  void layerActivationFloats_equalsTensorByTensorEnumeration() {
    for (int[] bt : new int[][] {{1, 16}, {2, 32}, {3, 48}}) {
      assertEquals(enumerateLayer(TINY, bt[0], bt[1]), MemoryEstimate.layerActivationFloats(TINY, bt[0], bt[1]),
          "B=" + bt[0] + " T=" + bt[1]); // exact: integer counts
    }
    MegalodonConfig noSwiglu = MegalodonConfig.builder().numLayers(3).modelDim(128).zDim(64).valueDim(256)
        .numHeads(4).ffnHiddenDim(320).cemaNdim(8).chunkSize(32).normNumGroups(8).vocabSize(1000).swiglu(false).build();
    assertEquals(enumerateLayer(noSwiglu, 4, 96), MemoryEstimate.layerActivationFloats(noSwiglu, 4, 96));
  }

  @Test
  void of_blockNotAMultipleOfTheChunk_failsNamingTheChunk() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryEstimate.of(TINY, 1, 24));
    assertEquals(
        "block size = 24: must be a positive multiple of chunk_size = 16 (blocks end on chunk boundaries,"
            + " DESIGN.md)",
        e.getMessage());
  }

  @Test
  void of_totalsAreTheSumsOfTheirParts() {
    MemoryEstimate e = MemoryEstimate.of(MEGA_7_3B, 4, 4096);
    assertEquals(e.weightBytes() + e.stateBytes() + e.layerActivationBytes() + e.modelActivationBytes(), e.inferenceBytes());
    assertEquals(4 * e.weightBytes() + e.stateBytes() + 33 * e.layerActivationBytes() + e.modelActivationBytes(), e.trainingBytes());
    assertEquals(2L * 4 * e.statePerDocumentBytes(), e.stateBytes());
  }

  @Test
  void nextPowerOfTwo_roundsUp() {
    assertEquals(List.of(1L, 16L, 32L, 64L, 4096L),
        List.of(MemoryEstimate.nextPowerOfTwo(1), MemoryEstimate.nextPowerOfTwo(16), MemoryEstimate.nextPowerOfTwo(17),
            MemoryEstimate.nextPowerOfTwo(48), MemoryEstimate.nextPowerOfTwo(4096)));
  }

  @Test
  void memoryTable_printsOneRowPerBatchAndBlockPair() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    MemoryTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "tiny", TINY, List.of(1, 2), List.of(16, 32));
    List<String> rows = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("| ") && !l.startsWith("| batch")).toList();
    assertEquals(4, rows.size(), String.join("\n", rows));
    assertTrue(rows.get(0).startsWith("| 1 | 16 | "), rows.get(0));
  }

  /**
   * The slow reference: one layer's intermediate tensors listed one by one with their shapes, in the order
   * of MODEL.md section 1.1 (CEMA in the FFT form of section 1.2).
   */
  static long enumerateLayer(MegalodonConfig m, long b, long t) {
    long d = m.modelDim();
    long g = m.normNumGroups();
    long z = m.zDim();
    long v = m.valueDim();
    long f = m.ffnHiddenDim();
    long n = m.cemaNdim();
    long h = m.numHeads();
    long c = m.chunkSize();
    long k = t / c;
    long p = Long.highestOneBit(t - 1) << 1;
    if (t == 1) {
      p = 1;
    }
    List<long[]> shapes = new ArrayList<>();
    shapes.add(new long[] {b, t, d}); // layer input X
    shapes.add(new long[] {b, t, d}); // TimestepNorm output
    shapes.add(new long[] {b, t, g}); // running mean
    shapes.add(new long[] {b, t, g}); // running variance
    shapes.add(new long[] {b, d, t}); // CEMA input transposed
    shapes.add(new long[] {d, n, t, 2}); // Vandermonde powers q^t, re/im
    shapes.add(new long[] {d, t}); // kernel
    shapes.add(new long[] {d, p + 1, 2}); // kernel spectrum
    shapes.add(new long[] {b, d, p + 1, 2}); // input spectrum
    shapes.add(new long[] {b, d, p + 1, 2}); // product spectrum
    shapes.add(new long[] {b, d, 2 * p}); // inverse FFT
    shapes.add(new long[] {b, d, t}); // convolution output, first T
    shapes.add(new long[] {b, d, t}); // bias from the incoming state
    shapes.add(new long[] {b, d, n, 2}); // final CEMA state h
    shapes.add(new long[] {b, t, d}); // CEMA output
    shapes.add(new long[] {b, t, d}); // RMSNorm output M
    for (int i = 0; i < 6; i++) {
      shapes.add(new long[] {b, t, z}); // Z, Z^, Q, K, RoPE(Q), RoPE(K)
    }
    for (int i = 0; i < 6; i++) {
      shapes.add(new long[] {b, t, v}); // V pre/post SiLU, R pre/post SiLU, O, O*R
    }
    shapes.add(new long[] {b, k, h, c, c}); // attention scores
    shapes.add(new long[] {b, k, h, c, c}); // softmax
    shapes.add(new long[] {b, t, d}); // Hout
    shapes.add(new long[] {b, t, d}); // Y^ = Hout + X
    shapes.add(new long[] {b, t, d}); // LayerNorm(Y^)
    shapes.add(new long[] {b, t, f}); // fc1
    shapes.add(new long[] {b, t, f}); // SiLU(fc1)
    if (m.swiglu()) {
      shapes.add(new long[] {b, t, f}); // fc3
      shapes.add(new long[] {b, t, f}); // SiLU(fc1) * fc3
    }
    shapes.add(new long[] {b, t, d}); // FFN output
    shapes.add(new long[] {b, t, d}); // Y
    long total = 0;
    for (long[] s : shapes) {
      long e = 1;
      for (long x : s) {
        e *= x;
      }
      total += e;
    }
    return total;
  }

  /** The parameter formula of docs/gpu.md ("Memory per batch and block"), term by term. */
  static long closedFormParameters(MegalodonConfig c) {
    long d = c.modelDim();
    long n = c.cemaNdim();
    long z = c.zDim();
    long v = c.valueDim();
    long affine = c.normAffine() ? 1 : 0;
    long perLayer = 4 * d * n + 2 * d // CEMA alpha, delta, gamma (re, im) [D, N]; theta, omega [D]
        + affine * 5 * d // timenorm weight+bias, rmsnorm weight, FFN LayerNorm weight+bias
        + z * (d + 1) + 2 * v * (d + 1) + d * (d + 1) + d * v + 4 * z // wz, wv, wr, wh1, wh2, gamma, beta
        + (c.swiglu() ? 3L : 2L) * c.ffnHiddenDim() * d // fc1, fc2 (and fc3)
        + (c.rescaleNffn() ? d : 0); // nffn.alpha
    long embedding = (long) c.vocabSize() * d;
    long head = c.shareEmb() ? 0 : (long) c.outputVocab() * d;
    return embedding + c.numLayers() * perLayer + affine * 2 * d + head; // + final norm
  }

  static JsonNode safetensorsHeader(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
      byte[] len = data.readNBytes(8);
      long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
      return new ObjectMapper().readTree(data.readNBytes((int) n));
    }
  }
}
