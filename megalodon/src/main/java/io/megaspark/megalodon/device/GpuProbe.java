package io.megaspark.megalodon.device;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetRegisteredKernelsForOp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.KernelList;
import org.tensorflow.types.TFloat32;

/** Checks whether the loaded TensorFlow natives can run on a GPU here. */
final class GpuProbe {
  private GpuProbe() {}

  /**
   * Runs a 2x2 matmul pinned to {@code device} in a session built from {@code config} with soft placement
   * off, so the run fails instead of silently moving to the CPU when the device does not exist.
   *
   * <p>The probe session uses the caller's own config on purpose: the first session of a process fixes
   * TensorFlow's thread pools and its GPU numbering (package overview), so a probe with other settings
   * would change what the model's session gets.
   *
   * @return empty when the op ran on {@code device}, else TensorFlow's reason (first line)
   */
  static Optional<String> failureRunningOn(ConfigProto config, DeviceSpec device) {
    ConfigProto strict = config.toBuilder().setAllowSoftPlacement(false).build();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withDevice(device);
      var x = tf.constant(new float[][] {{1, 2}, {3, 4}});
      var y = tf.linalg.matMul(x, x);
      try (Session s = new Session(g, strict);
          TFloat32 out = (TFloat32) s.runner().fetch(y).run().get(0)) {
        // [[1,2],[3,4]]^2 = [[7,10],[15,22]]: a wrong answer would mean a broken device, not a missing one.
        return out.getFloat(1, 1) == 22f ? Optional.empty() : Optional.of("probe matmul gave " + out.getFloat(1, 1));
      }
    } catch (RuntimeException e) {
      return Optional.of(firstLine(e));
    }
  }

  /**
   * True when the loaded natives were built with GPU kernels ({@code linux-x86_64-gpu}): the registry holds
   * a GPU kernel for MatMul. Creates no session, so it changes no process-wide TensorFlow state.
   */
  static boolean nativesHaveGpuKernels() {
    TensorFlow.version(); // loads the natives before the raw C call below
    // The kernel registry is only reachable through the C API; tensorflow-core-native exposes it under
    // org.tensorflow.internal (TF Java 1.1.0), and this is the only place Megaspark uses it.
    TF_Status status = TF_Status.newStatus();
    TF_Buffer buffer = null;
    try {
      buffer = TF_GetRegisteredKernelsForOp("MatMul", status);
      status.throwExceptionIfNotOK();
      KernelList kernels = KernelList.parseFrom(buffer.copyData());
      return kernels.getKernelList().stream().anyMatch(k -> k.getDeviceType().equals("GPU"));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("TensorFlow returned an unreadable kernel list for MatMul", e);
    } finally {
      if (buffer != null) {
        buffer.delete();
      }
      status.delete();
    }
  }

  /** True when the NVIDIA driver exposes at least one GPU to this process ({@code /dev/nvidia0}, ...). */
  static boolean nvidiaDevicePresent() {
    try (Stream<Path> dev = Files.list(Path.of("/dev"))) {
      return dev.anyMatch(p -> p.getFileName().toString().matches("nvidia[0-9]+"));
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private static String firstLine(RuntimeException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    return line.length() <= 500 ? line : line.substring(0, 500) + "...";
  }
}
