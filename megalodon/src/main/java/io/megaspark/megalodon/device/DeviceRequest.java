package io.megaspark.megalodon.device;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The device a model should run on: the CPU, or one GPU of the GPUs this process owns.
 *
 * <p>Text form ({@link #spec()} and {@link #parse(String)}), used as {@code ModelOptions.device} and as
 * part of a model cache key: {@code cpu}, {@code gpu:3} (GPU 3, the only GPU of this process), or
 * {@code gpu:1@0,1} (GPU 1 of a process that owns GPUs 0 and 1).
 */
public sealed interface DeviceRequest {

  /** The CPU. */
  DeviceRequest CPU = new Cpu();

  /** The canonical text form; {@code parse(spec())} gives an equal request. */
  String spec();

  /** Runs the model on the CPU: no GPU devices are created at all. */
  record Cpu() implements DeviceRequest {
    @Override
    public String spec() {
      return "cpu";
    }
  }

  /**
   * Runs the model on GPU {@code address}.
   *
   * @param address the CUDA device ordinal of this model's GPU, as Spark's discovery script reports it
   *     ({@code nvidia-smi} index; docs/gpu.md says why {@code CUDA_DEVICE_ORDER=PCI_BUS_ID} is needed)
   * @param processAddresses every GPU this process owns, in the order TensorFlow numbers them; it contains
   *     {@code address}. All sessions of one process must use the same list (package overview).
   */
  record Gpu(String address, List<String> processAddresses) implements DeviceRequest {
    public Gpu {
      Objects.requireNonNull(address, "address");
      processAddresses = List.copyOf(Objects.requireNonNull(processAddresses, "processAddresses"));
      checkOrdinal(address);
      processAddresses.forEach(Gpu::checkOrdinal);
      if (new HashSet<>(processAddresses).size() != processAddresses.size()) {
        throw DeviceErrors.duplicateAddress(processAddresses);
      }
      if (!processAddresses.contains(address)) {
        throw DeviceErrors.addressNotOwned(address, processAddresses);
      }
    }

    /** The value of {@code gpu_options.visible_device_list}: the process's GPUs, comma-separated. */
    public String visibleDeviceList() {
      return String.join(",", processAddresses);
    }

    /** TensorFlow's index for this GPU: {@code /device:GPU:<index>}. */
    public int tensorflowIndex() {
      return processAddresses.indexOf(address);
    }

    @Override
    public String spec() {
      return processAddresses.equals(List.of(address)) ? "gpu:" + address : "gpu:" + address + "@" + visibleDeviceList();
    }

    private static void checkOrdinal(String address) {
      if (address.isEmpty() || address.length() > 4 || !address.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw DeviceErrors.notAnOrdinal(address);
      }
    }
  }

  /** GPU {@code address}, the only GPU of this process. */
  static Gpu gpu(String address) {
    return new Gpu(address, List.of(Objects.requireNonNull(address, "address")));
  }

  /** GPU {@code address} of a process that owns {@code processAddresses}. */
  static Gpu gpu(String address, List<String> processAddresses) {
    return new Gpu(address, processAddresses);
  }

  /** Parses the text form (class comment); surrounding blanks and letter case are ignored. */
  static DeviceRequest parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("cpu")) {
      return CPU;
    }
    if (!s.startsWith("gpu:")) {
      throw DeviceErrors.badSpec(spec);
    }
    String rest = s.substring("gpu:".length());
    int at = rest.indexOf('@');
    if (at < 0) {
      return gpu(rest);
    }
    return gpu(rest.substring(0, at), List.of(rest.substring(at + 1).split(",", -1)));
  }
}
