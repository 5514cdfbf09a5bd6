package io.megaspark.megalodon.model;

import io.megaspark.megalodon.config.MegalodonConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * One {@code Session.run} per block: packs the rows' inputs and states into tensors, fetches the requested
 * outputs and the next states, and unpacks them into plain arrays. Every tensor is closed before return.
 */
final class BlockRunner {
  private BlockRunner() {}

  static BlockOutput run(ModelGraph g, MegalodonConfig cfg, StreamState[] states, int[][] tokens,
      int[] validLengths, OutputRequest request) {
    return run(g, cfg, states, tokens, validLengths, request, null);
  }

  /** As {@link #run}, tracing the run when {@code trace} is not null and handing it the step statistics. */
  static BlockOutput run(ModelGraph g, MegalodonConfig cfg, StreamState[] states, int[][] tokens,
      int[] validLengths, OutputRequest request, Consumer<RunMetadata> trace) {
    int b = g.batch;
    int t = g.length;
    StatePacking.Packed packed = StatePacking.pack(states);
    int layers = cfg.numLayers();
    List<Tensor> inputs = new ArrayList<>();
    try {
      Session.Runner runner = g.session().runner();
      runner.feed(g.tokens, track(inputs,
          TInt32.tensorOf(Shape.of(b, t), DataBuffers.of(flatten(tokens), true, false))));
      runner.feed(g.validLengths, track(inputs, TInt32.vectorOf(validLengths)));
      runner.feed(g.emaState, track(inputs, TFloat32.tensorOf(g.emaState.shape(),
          DataBuffers.of(packed.ema(), true, false))));
      runner.feed(g.normCount, track(inputs, TFloat64.tensorOf(g.normCount.shape(),
          DataBuffers.of(packed.count(), true, false))));
      runner.feed(g.normMean, track(inputs, TFloat64.tensorOf(g.normMean.shape(),
          DataBuffers.of(packed.mean(), true, false))));
      runner.feed(g.normVar, track(inputs, TFloat64.tensorOf(g.normVar.shape(),
          DataBuffers.of(packed.var(), true, false))));
      if (g.memoryM != null) {
        runner.feed(g.memoryM, track(inputs, TFloat64.tensorOf(g.memoryM.shape(),
            DataBuffers.of(packed.memoryM(), true, false))));
        runner.feed(g.memoryZ, track(inputs, TFloat64.tensorOf(g.memoryZ.shape(),
            DataBuffers.of(packed.memoryZ(), true, false))));
      }
      if (request.targets() != null) {
        runner.feed(g.targets, track(inputs, TInt32.tensorOf(Shape.of(b, t),
            DataBuffers.of(flatten(request.targets()), true, false))));
      }
      List<Operand<?>> fetches = new ArrayList<>(List.of(g.emaOut, g.meanOut, g.varOut));
      int memoryAt = add(fetches, g.memoryMOut != null, g.memoryMOut);
      add(fetches, g.memoryZOut != null, g.memoryZOut);
      int logitsAt = add(fetches, request.logits(), g.logits);
      int targetsAt = add(fetches, request.targets() != null, g.targetLogProbs);
      int hiddenAt = add(fetches, request.hidden(), g.hidden);
      int meanAt = add(fetches, request.hiddenMean(), g.hiddenMean);
      int layerAt = add(fetches, request.layerHidden(), g.layerHidden);
      fetches.forEach(runner::fetch);
      try (Result r = run(runner, trace)) {
        float[] ema = floats(r.get(0));
        double[] mean = doubles(r.get(1));
        double[] var = doubles(r.get(2));
        double[] memM = memoryAt < 0 ? null : doubles(r.get(memoryAt));
        double[] memZ = memoryAt < 0 ? null : doubles(r.get(memoryAt + 1));
        StreamState[] next = new StreamState[b];
        for (int row = 0; row < b; row++) {
          next[row] = StatePacking.unpack(states[row], row, b, validLengths[row], ema, mean, var, memM,
              memZ);
        }
        int d = cfg.modelDim();
        int v = cfg.outputVocab();
        return new BlockOutput(
            logitsAt < 0 ? null : split3(floats(r.get(logitsAt)), b, t, v),
            targetsAt < 0 ? null : split2(floats(r.get(targetsAt)), b, t),
            hiddenAt < 0 ? null : split3(floats(r.get(hiddenAt)), b, t, d),
            meanAt < 0 ? null : split2(floats(r.get(meanAt)), b, d),
            next,
            layerAt < 0 ? null : split4(floats(r.get(layerAt)), layers, b, t, d));
      }
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw ModelErrors.runFailed(b, t, e);
    } finally {
      inputs.forEach(Tensor::close);
    }
  }

  /** Runs, traced when {@code trace} is not null (it receives the step statistics). */
  static Result run(Session.Runner runner, Consumer<RunMetadata> trace) {
    if (trace == null) {
      return runner.run();
    }
    runner.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
    Result r = runner.runAndFetchMetadata();
    r.getMetadata().ifPresent(trace);
    return r;
  }

  private static <T extends Tensor> T track(List<Tensor> list, T tensor) {
    list.add(tensor);
    return tensor;
  }

  private static int add(List<Operand<?>> fetches, boolean wanted, Operand<?> op) {
    if (!wanted) {
      return -1;
    }
    fetches.add(op);
    return fetches.size() - 1;
  }

  private static int[] flatten(int[][] rows) {
    int t = rows[0].length;
    int[] out = new int[rows.length * t];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, out, r * t, t);
    }
    return out;
  }

  static float[] floats(Tensor t) {
    float[] out = new float[Math.toIntExact(t.shape().size())];
    ((TFloat32) t).asRawTensor().data().asFloats().read(out);
    return out;
  }

  static double[] doubles(Tensor t) {
    double[] out = new double[Math.toIntExact(t.shape().size())];
    ((TFloat64) t).asRawTensor().data().asDoubles().read(out);
    return out;
  }

  private static float[][] split2(float[] flat, int rows, int cols) {
    float[][] out = new float[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * cols, out[r], 0, cols);
    }
    return out;
  }

  private static float[][][] split3(float[] flat, int a, int b, int c) {
    float[][][] out = new float[a][b][c];
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        System.arraycopy(flat, (i * b + j) * c, out[i][j], 0, c);
      }
    }
    return out;
  }

  private static float[][][][] split4(float[] flat, int a, int b, int c, int d) {
    float[][][][] out = new float[a][][][];
    int block = b * c * d;
    for (int i = 0; i < a; i++) {
      float[] part = new float[block];
      System.arraycopy(flat, i * block, part, 0, block);
      out[i] = split3(part, b, c, d);
    }
    return out;
  }
}
