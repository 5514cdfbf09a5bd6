package io.megaspark.megalodon.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.MegalodonException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  @Test
  void writeThenRead_roundTripsValuesShapesAndMetadata() throws IOException {
    Path f = dir.resolve("t.safetensors");
    float[] w = {1.5f, -2f, 3.25f, Float.MIN_VALUE, -0f, 7e30f};
    int[] ids = {1, -2, Integer.MAX_VALUE};
    long[] counts = {Long.MIN_VALUE, 0, 42};
    SafeTensors.write(f, Map.of("format", "pt"), List.of(
        TensorData.ofFloats("w", new long[] {2, 3}, w),
        TensorData.ofInts("ids", new long[] {3}, ids),
        TensorData.ofLongs("n", new long[] {3}, counts),
        TensorData.ofFloats("scalar", new long[0], new float[] {9f})));
    SafeTensorsFile st = SafeTensors.read(f);
    assertEquals(Map.of("format", "pt"), st.metadata());
    assertEquals(List.of("w", "ids", "n", "scalar"), List.copyOf(st.names()));
    assertArrayEquals(w, st.tensor("w").floats(), 0f); // bit-exact
    assertArrayEquals(new long[] {2, 3}, st.tensor("w").shape());
    assertArrayEquals(ids, st.tensor("ids").ints());
    assertArrayEquals(counts, st.tensor("n").longs());
    assertArrayEquals(new long[0], st.tensor("scalar").shape());
    long dataBytes = 4 * 6 + 4 * 3 + 8 * 3 + 4;
    assertEquals(0, (Files.size(f) - 8 - dataBytes) % 8); // header padded to a multiple of 8
  }

  @Test
  void bf16AndF16_widenToHandComputedFloats() throws IOException {
    short[] f16 = {0x3C00, (short) 0xC000, 0x3555, 0x0001, 0x7BFF, 0x7C00, (short) 0x8000, 0x0400};
    float[] f16Expected = {1f, -2f, 0.333251953125f, 0x1p-24f, 65504f, Float.POSITIVE_INFINITY, -0f,
        0x1p-14f};
    short[] bf16 = {0x3F80, 0x4049, (short) 0xBF00, 0x0001, 0x7F80};
    float[] bf16Expected = {1f, 3.140625f, -0.5f, Float.intBitsToFloat(0x00010000),
        Float.POSITIVE_INFINITY};
    Path f = dir.resolve("half.safetensors");
    writeRaw(f, "{\"h\":{\"dtype\":\"F16\",\"shape\":[8],\"data_offsets\":[0,16]},"
        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[5],\"data_offsets\":[16,26]}}", shorts(f16, bf16));
    SafeTensorsFile st = SafeTensors.read(f);
    assertArrayEquals(f16Expected, st.tensor("h").floats(), 0f); // widening is exact
    assertArrayEquals(bf16Expected, st.tensor("b").floats(), 0f);
  }

  @Test
  void truncatedFile_errorNamesFileAndTensor() throws IOException {
    Path f = dir.resolve("full.safetensors");
    SafeTensors.write(f, Map.of(), List.of(TensorData.ofFloats("a", new long[] {4}, new float[4]),
        TensorData.ofFloats("b", new long[] {100}, new float[100])));
    byte[] all = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(all, all.length - 10));
    var e = assertThrows(MegalodonException.class, () -> SafeTensors.read(cut));
    assertTrue(e.getMessage().contains("cut.safetensors, tensor 'b': data_offsets [16, 416] out of"
        + " range: the data section has 406 bytes (truncated file?)"), e.getMessage());
  }

  @Test
  void headerLengthBeyondFile_isCorruptHeader() throws IOException {
    Path f = dir.resolve("bad.safetensors");
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
    Files.write(f, b.array());
    var e = assertThrows(MegalodonException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().startsWith("corrupt safetensors file " + f + ": header length "
        + (1L << 40) + " does not fit a file of 16 bytes"), e.getMessage());
  }

  @Test
  void headerNotJson_isCorruptHeader() throws IOException {
    Path f = dir.resolve("nojson.safetensors");
    writeRaw(f, "{\"a\": [1, 2", new byte[0]);
    var e = assertThrows(MegalodonException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("the header is not valid JSON"), e.getMessage());
  }

  @Test
  void tinyFile_isCorruptHeader() throws IOException {
    Path f = dir.resolve("tiny.safetensors");
    Files.write(f, new byte[3]);
    var e = assertThrows(MegalodonException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("only 3 bytes, shorter than the 8-byte length"), e.getMessage());
  }

  @Test
  void overlappingOffsets_areRejected() throws IOException {
    Path f = dir.resolve("overlap.safetensors");
    writeRaw(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
    var e = assertThrows(MegalodonException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("tensor 'b': data_offsets [4, 12) overlap tensor 'a' [0, 8)"),
        e.getMessage());
  }

  @Test
  void sizeNotMatchingShape_isRejected() throws IOException {
    Path f = dir.resolve("size.safetensors");
    writeRaw(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
    var e = assertThrows(MegalodonException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("tensor 'a': data_offsets [0, 8] hold 8 bytes but shape [3] of"
        + " F32 needs 12"), e.getMessage());
  }

  @Test
  void unknownDtype_errorNamesTensorAndSupportedTypes() throws IOException {
    Path f = dir.resolve("dtype.safetensors");
    writeRaw(f, "{\"q\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
    var e = assertThrows(MegalodonException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("tensor 'q': unsupported dtype 'F8_E4M3'; supported: [F32, F16,"
        + " BF16, F64, I32, I64]"), e.getMessage());
  }

  private static byte[] shorts(short[] a, short[] b) {
    ByteBuffer buf = ByteBuffer.allocate(2 * (a.length + b.length)).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : a) {
      buf.putShort(s);
    }
    for (short s : b) {
      buf.putShort(s);
    }
    return buf.array();
  }

  /** A file written byte by byte, so broken headers can be tested. */
  static void writeRaw(Path f, String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    Files.write(f, b.array());
  }
}
