package io.megaspark.megalodon.model;

import io.megaspark.megalodon.model.LayerState.NormStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * One {@code Session.run} of one stage of a {@link StageGraph} for one row: feeds plain arrays, fetches only
 * what the caller asks for, and closes every tensor before returning.
 */
final class StageRunner {
  private final StageGraph g;
  private final Session.Runner runner;
  private final List<Tensor> inputs = new ArrayList<>();
  private final List<Operand<?>> fetches = new ArrayList<>();

  StageRunner(StageGraph g) {
    this.g = g;
    this.runner = g.session().runner();
  }

  StageRunner ints(Placeholder<TInt32> p, int[] values) {
    runner.feed(p, track(TInt32.tensorOf(p.shape(), DataBuffers.of(values, true, false))));
    return this;
  }

  StageRunner floats(Placeholder<TFloat32> p, float[] values) {
    runner.feed(p, track(TFloat32.tensorOf(p.shape(), DataBuffers.of(values, true, false))));
    return this;
  }

  StageRunner doubles(Placeholder<TFloat64> p, double[] values) {
    runner.feed(p, track(TFloat64.tensorOf(p.shape(), DataBuffers.of(values, true, false))));
    return this;
  }

  /** Feeds a TimestepNorm state into (count, mean, var) placeholders. */
  StageRunner norm(Placeholder<TFloat64> count, Placeholder<TFloat64> mean, Placeholder<TFloat64> var,
      NormStatistics s) {
    return doubles(count, new double[] {s.count()}).doubles(mean, s.mean()).doubles(var, s.var());
  }

  /** Adds a fetch and returns its index in the result. */
  int fetch(Operand<?> op) {
    fetches.add(op);
    return fetches.size() - 1;
  }

  /** The fetched values, as float32 or float64 arrays in fetch order. */
  Object[] run(Consumer<RunMetadata> trace) {
    fetches.forEach(runner::fetch);
    try (Result r = BlockRunner.run(runner, trace)) {
      Object[] out = new Object[fetches.size()];
      for (int i = 0; i < out.length; i++) {
        Tensor t = r.get(i);
        out[i] = t instanceof TFloat64 ? BlockRunner.doubles(t) : BlockRunner.floats(t);
      }
      return out;
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw ModelErrors.runFailed(1, g.length, e);
    } finally {
      inputs.forEach(Tensor::close);
    }
  }

  private <T extends Tensor> T track(T tensor) {
    inputs.add(tensor);
    return tensor;
  }

  /** [D*N] re and im to the graph's [D, 1, 2N] layout. */
  static float[] packEma(float[] re, float[] im, int order) {
    int d = re.length / order;
    float[] out = new float[2 * re.length];
    for (int i = 0; i < d; i++) {
      System.arraycopy(re, i * order, out, 2 * i * order, order);
      System.arraycopy(im, i * order, out, (2 * i + 1) * order, order);
    }
    return out;
  }

  /** The graph's [D, 1, 2N] layout to {re, im} [D*N]. */
  static float[][] unpackEma(float[] packed, int order) {
    int d = packed.length / (2 * order);
    float[] re = new float[d * order];
    float[] im = new float[d * order];
    for (int i = 0; i < d; i++) {
      System.arraycopy(packed, 2 * i * order, re, i * order, order);
      System.arraycopy(packed, (2 * i + 1) * order, im, i * order, order);
    }
    return new float[][] {re, im};
  }
}
