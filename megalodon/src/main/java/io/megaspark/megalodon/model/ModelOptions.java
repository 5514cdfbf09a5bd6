package io.megaspark.megalodon.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.DeviceSpec;

/**
 * How a {@link MegalodonModel} runs TensorFlow.
 *
 * @param intraOpThreads threads inside one op (0 = TensorFlow's default, all cores). TensorFlow fixes its
 *     CPU pool with the first session of a JVM, so set it the same for every model of a JVM.
 * @param interOpThreads ops run concurrently (0 = TensorFlow's default)
 * @param device TensorFlow device for the graph ops ("/device:GPU:0", "GPU:1", "CPU"); null = default
 *     placement (CPU). Placement is soft: an op without a kernel there, or a missing GPU, falls back to the
 *     CPU.
 */
public record ModelOptions(int intraOpThreads, int interOpThreads, String device) {
  private static final Pattern DEVICE = Pattern.compile("(?i)(/device:)?(CPU|GPU)(:(\\d+))?");

  public ModelOptions {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException(
          "intraOpThreads must be >= 0 (0 = default), got " + intraOpThreads);
    }
    if (interOpThreads < 0) {
      throw new IllegalArgumentException(
          "interOpThreads must be >= 0 (0 = default), got " + interOpThreads);
    }
    if (device != null && !DEVICE.matcher(device).matches()) {
      throw new IllegalArgumentException("device must be null (CPU) or a device such as /device:GPU:0,"
          + " GPU:1 or CPU, got '" + device + "'");
    }
  }

  /** The graph's device, or null for TensorFlow's default placement. */
  DeviceSpec deviceSpec() {
    if (device == null) {
      return null;
    }
    Matcher m = DEVICE.matcher(device);
    m.matches();
    DeviceSpec.Builder b = DeviceSpec.newBuilder()
        .deviceType(DeviceSpec.DeviceType.valueOf(m.group(2).toUpperCase(Locale.ROOT)));
    return (m.group(4) == null ? b : b.deviceIndex(Integer.parseInt(m.group(4)))).build();
  }

  /** TensorFlow's default thread pools, CPU. */
  public static ModelOptions defaults() {
    return new ModelOptions(0, 0, null);
  }

  /** {@code threads} intra-op threads, one inter-op thread (ops of one block mostly depend on each other). */
  public static ModelOptions threads(int threads) {
    return new ModelOptions(threads, 1, null);
  }
}
