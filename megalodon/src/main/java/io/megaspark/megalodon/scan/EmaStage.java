package io.megaspark.megalodon.scan;

/**
 * A range's work between the two driver-side scans of a layer.
 *
 * @param normalized [T][D] the TimestepNorm output, exact because the incoming statistics were exact
 * @param localOut [T][D] the CEMA output from h = 0
 * @param summary the range's {@code (q^T, h_loc)}
 */
public record EmaStage(double[][] normalized, double[][] localOut, EmaSummary summary) {}
