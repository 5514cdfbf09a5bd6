package io.megaspark.megalodon.weights;

/** Widening of 16-bit floats to float32, exact for every value (IEEE 754 binary16 and bfloat16). */
final class HalfFloats {
  private HalfFloats() {}

  /** bfloat16 is the upper half of a float32: shift it back. */
  static float bfloat16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** IEEE binary16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. */
  static float float16ToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h >>> 15) << 31;
    int exp = (h >>> 10) & 0x1f;
    int frac = h & 0x3ff;
    if (exp == 0x1f) {
      // infinity or NaN: keep the fraction bits so NaN payloads survive
      return Float.intBitsToFloat(sign | 0x7f800000 | (frac << 13));
    }
    if (exp == 0) {
      // zero or subnormal: value = frac * 2^-24, exact in float32
      float v = frac * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (frac << 13));
  }
}
