package io.megaspark.megalodon.testing;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.megalodon.weights.SafeTensors;
import io.megaspark.megalodon.weights.SafeTensorsFile;
import io.megaspark.megalodon.weights.TensorData;
import java.nio.file.Path;
import java.util.Arrays;

/** One golden case file of megalodon-tiny-a (golden/README.md), sliced per batch row. */
public final class GoldenCase {
  private final SafeTensorsFile file;

  private GoldenCase(SafeTensorsFile file) {
    this.file = file;
  }

  public static GoldenCase read(String name) {
    return new GoldenCase(SafeTensors.read(TestPaths.tinyA().resolve(name)));
  }

  public static MegalodonConfig config() {
    return MegalodonConfig.load(TestPaths.tinyA().resolve("config.json"));
  }

  public static MegalodonWeights weights() {
    return MegalodonWeights.load(TestPaths.tinyA(), config());
  }

  public boolean has(String name) {
    return file.tensors().containsKey(name);
  }

  public int batch() {
    return (int) file.tensor("tokens").shape()[0];
  }

  /** tokens[row], [T]. */
  public int[] tokens(int row) {
    int[] all = file.tensor("tokens").ints();
    int t = all.length / batch();
    return Arrays.copyOfRange(all, row * t, (row + 1) * t);
  }

  /** Row {@code row} of a float tensor [B, ...], flattened. */
  public float[] floats(String name, int row) {
    TensorData td = file.tensor(name);
    float[] all = td.floats();
    int per = all.length / (int) td.shape()[0];
    return Arrays.copyOfRange(all, row * per, (row + 1) * per);
  }

  /** Row {@code row} of a [B, T, X] float tensor as [T][X]. */
  public float[][] matrix(String name, int row) {
    TensorData td = file.tensor(name);
    int t = (int) td.shape()[1];
    int x = (int) td.shape()[2];
    float[] flat = floats(name, row);
    float[][] out = new float[t][];
    for (int s = 0; s < t; s++) {
      out[s] = Arrays.copyOfRange(flat, s * x, (s + 1) * x);
    }
    return out;
  }

  public long longAt(String name, int row) {
    return file.tensor(name).longs()[row];
  }

  public Path path() {
    return file.file();
  }
}
