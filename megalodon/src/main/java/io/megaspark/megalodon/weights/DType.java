package io.megaspark.megalodon.weights;

import java.util.Arrays;
import java.util.Optional;

/** The safetensors element types Megaspark reads; floats are widened to float32 on read. */
public enum DType {
  F32(4, true),
  F16(2, true),
  BF16(2, true),
  F64(8, true),
  I32(4, false),
  I64(8, false);

  private final int bytes;
  private final boolean floating;

  DType(int bytes, boolean floating) {
    this.bytes = bytes;
    this.floating = floating;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  public boolean isFloating() {
    return floating;
  }

  /** The type for a safetensors header name such as "F32", or empty when unsupported. */
  public static Optional<DType> fromHeader(String name) {
    return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
  }
}
