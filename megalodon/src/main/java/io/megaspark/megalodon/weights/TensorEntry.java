package io.megaspark.megalodon.weights;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;

/** One checked header entry of a safetensors file: offsets relative to the start of the data. */
record TensorEntry(String name, DType dtype, long[] shape, long begin, long end) {
  long length() {
    return end - begin;
  }

  static TensorEntry parse(Path file, String name, JsonNode e, long dataSize) {
    if (!e.isObject()) {
      throw WeightErrors.corruptTensor(file, name, "header entry is not an object");
    }
    JsonNode dtypeNode = e.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw WeightErrors.corruptTensor(file, name, "no dtype in the header");
    }
    DType dtype = DType.fromHeader(dtypeNode.textValue())
        .orElseThrow(() -> WeightErrors.unsupportedDtype(file, name, dtypeNode.textValue()));
    long[] shape = longs(file, name, e.get("shape"), "shape", -1);
    long[] offsets = longs(file, name, e.get("data_offsets"), "data_offsets", 2);
    long begin = offsets[0];
    long end = offsets[1];
    if (begin > end || end > dataSize) {
      throw WeightErrors.corruptTensor(file, name, "data_offsets [" + begin + ", " + end
          + "] out of range: the data section has " + dataSize + " bytes (truncated file?)");
    }
    long expected;
    try {
      expected = Math.multiplyExact(TensorData.numel(shape), dtype.bytes());
    } catch (ArithmeticException ex) {
      throw WeightErrors.corruptTensor(file, name, "shape " + Arrays.toString(shape) + " overflows");
    }
    if (end - begin != expected) {
      throw WeightErrors.corruptTensor(file, name, "data_offsets [" + begin + ", " + end + "] hold "
          + (end - begin) + " bytes but shape " + Arrays.toString(shape) + " of " + dtype + " needs "
          + expected);
    }
    if (expected > Integer.MAX_VALUE) {
      throw WeightErrors.corruptTensor(file, name, expected + " bytes is above the 2 GiB a single"
          + " tensor may have here; split the tensor");
    }
    return new TensorEntry(name, dtype, shape, begin, end);
  }

  private static long[] longs(Path file, String name, JsonNode node, String field, int length) {
    if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
      throw WeightErrors.corruptTensor(file, name, field + " is missing or not an array"
          + (length >= 0 ? " of " + length + " integers" : " of integers"));
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw WeightErrors.corruptTensor(file, name, field + " holds " + v + ", not a non-negative integer");
      }
      out[i] = v.longValue();
    }
    return out;
  }
}
