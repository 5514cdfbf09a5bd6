package io.megaspark.megalodon.device;

import java.util.Objects;
import org.tensorflow.DeviceSpec;
import org.tensorflow.proto.ConfigProto;

/**
 * Where one model runs, as decided by {@link DevicePlacement#place}.
 *
 * @param requested the device the caller asked for
 * @param effective the device the model really runs on: {@code requested}, or the CPU when the requested
 *     GPU does not exist in this process (CPU natives, no driver, no such device)
 * @param config the session configuration: pass it to {@code new Session(graph, config)}
 * @param device the device to pin the graph to: build it with {@code Ops.create(graph).withDevice(device)}
 * @param line the log line that states this decision and, on the CPU, why (DevicePlacement logs it; kept
 *     here so callers can report it without parsing logs)
 */
public record Placement(
    DeviceRequest requested, DeviceRequest effective, ConfigProto config, DeviceSpec device, String line) {
  public Placement {
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(effective, "effective");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(line, "line");
  }

  /** True when the model runs on a GPU. */
  public boolean onGpu() {
    return effective instanceof DeviceRequest.Gpu;
  }
}
