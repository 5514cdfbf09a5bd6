package io.megaspark.megalodon.device;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.DeviceSpec;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Turns a {@link DeviceRequest} and thread counts into a TensorFlow session configuration and the device
 * the graph is pinned to, and decides, once per process and device, whether the GPU really exists.
 *
 * <p>Use: build the graph with {@code Ops.create(graph).withDevice(p.device())} and the session with
 * {@code new Session(graph, p.config())}, where {@code p = place(request, intra, inter)}.
 */
public final class DevicePlacement {
  /**
   * System property: {@code -Dmegaspark.tf.logDevicePlacement=true} makes TensorFlow print the device of
   * every op to stderr ({@code log_device_placement}); docs/gpu.md uses it to check that the GPU is used.
   */
  public static final String LOG_DEVICE_PLACEMENT_PROPERTY = "megaspark.tf.logDevicePlacement";

  /** How the one CPU line starts; the reason follows (docs/gpu.md, "check that the GPU is used"). */
  public static final String CPU_LINE = "megaspark: running the model on the CPU: ";

  /** CPU reason: the caller asked for the CPU (a task without a Spark GPU resource, driver code). */
  static final String NO_GPU_REQUESTED = "no GPU requested";

  /** CPU reason: a GPU was asked for, but the natives are the CPU build, so no GPU device can exist. */
  static final String CPU_NATIVES =
      "CPU natives (the jar has TensorFlow's linux-x86_64 build; build it with -Pgpu to use GPUs)";

  private static final System.Logger LOG = System.getLogger(DevicePlacement.class.getName());
  private static final Map<Key, Placement> DECIDED = new ConcurrentHashMap<>();
  /** The visible-device list of the first GPU session that ran in this process (package overview). */
  private static String processVisibleList;
  /**
   * Whether the CPU line was logged: once per JVM at INFO, so an executor log says it once, not once per
   * task or model; later CPU decisions (another reason, another thread count) go to DEBUG.
   */
  private static boolean cpuLineLogged;

  private record Key(String spec, int intraOpThreads, int interOpThreads) {}

  private DevicePlacement() {}

  /**
   * The session configuration for {@code device}, with no check that the device exists.
   *
   * <ul>
   *   <li>GPU: {@code gpu_options.visible_device_list} = the process's GPUs (just the address when the
   *       process owns one GPU), {@code allow_growth} so TensorFlow takes device memory as it needs it
   *       instead of all of it at start, and {@code allow_soft_placement} so ops without a GPU kernel, or
   *       the whole graph on a machine without the device, run on the CPU.
   *   <li>CPU: {@code device_count {"GPU": 0}}, so TensorFlow creates no GPU device even with GPU natives.
   * </ul>
   *
   * @param intraOpThreads threads inside one op; 0 lets TensorFlow pick. The first session of a process
   *     fixes this for the whole process (STACK.md).
   * @param interOpThreads ops run at once; 0 lets TensorFlow pick
   */
  public static ConfigProto sessionConfig(DeviceRequest device, int intraOpThreads, int interOpThreads) {
    checkThreads(intraOpThreads, interOpThreads);
    ConfigProto.Builder b =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(intraOpThreads)
            .setInterOpParallelismThreads(interOpThreads)
            .setAllowSoftPlacement(true)
            .setLogDevicePlacement(Boolean.getBoolean(LOG_DEVICE_PLACEMENT_PROPERTY));
    if (device instanceof DeviceRequest.Gpu gpu) {
      GPUOptions gpuOptions =
          GPUOptions.newBuilder().setVisibleDeviceList(gpu.visibleDeviceList()).setAllowGrowth(true).build();
      return b.setGpuOptions(gpuOptions).build();
    }
    return b.putDeviceCount("GPU", 0).build();
  }

  /** The device to pin the graph to: {@code /device:GPU:i} (i = position in the process's list) or CPU:0. */
  public static DeviceSpec deviceSpec(DeviceRequest device) {
    if (device instanceof DeviceRequest.Gpu gpu) {
      return DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(gpu.tensorflowIndex()).build();
    }
    return DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build();
  }

  /**
   * Where a model asked to run on {@code requested} really runs. For a GPU, a tiny op is run on the device
   * first (with the same configuration, see {@link GpuProbe}); if that fails, the model runs on the CPU.
   * Decided once per process for each request and thread counts. Logs one line per GPU placement and
   * one {@link #CPU_LINE} per JVM at INFO (docs/gpu.md quotes both); a GPU request runs on the CPU when
   * the natives are the CPU build or TensorFlow sees no such GPU.
   *
   * @throws io.megaspark.megalodon.MegalodonException when a GPU request lists other GPUs than a GPU session that already runs
   *     in this process (TensorFlow cannot renumber GPUs inside a process)
   */
  public static Placement place(DeviceRequest requested, int intraOpThreads, int interOpThreads) {
    checkThreads(intraOpThreads, interOpThreads);
    Key key = new Key(requested.spec(), intraOpThreads, interOpThreads);
    Placement known = DECIDED.get(key);
    if (known != null) {
      return known;
    }
    synchronized (DevicePlacement.class) {
      return DECIDED.computeIfAbsent(key, k -> decide(requested, intraOpThreads, interOpThreads));
    }
  }

  /**
   * True when the loaded natives have GPU kernels (the {@code -Pgpu} build) and the NVIDIA driver exposes
   * a GPU to this process. Creates no TensorFlow session, so it is safe to call anywhere; {@link #place}
   * still confirms the requested device with a real op (the CUDA 12 and cuDNN 9 libraries may be missing).
   */
  public static boolean gpuAvailable() {
    return GpuProbe.nvidiaDevicePresent() && GpuProbe.nativesHaveGpuKernels();
  }

  private static Placement decide(DeviceRequest requested, int intra, int inter) {
    if (!(requested instanceof DeviceRequest.Gpu gpu)) {
      return onCpu(requested, NO_GPU_REQUESTED, intra, inter);
    }
    String visible = gpu.visibleDeviceList();
    if (processVisibleList != null) {
      checkSameVisibleList(processVisibleList, visible);
    }
    // No probe with CPU natives: the answer is known without a session, and "CPU natives" tells the
    // user what to change more plainly than TensorFlow's "CUDA is not enabled".
    if (!GpuProbe.nativesHaveGpuKernels()) {
      return onCpu(requested, CPU_NATIVES, intra, inter);
    }
    ConfigProto config = sessionConfig(gpu, intra, inter);
    DeviceSpec device = deviceSpec(gpu);
    Optional<String> failure = GpuProbe.failureRunningOn(config, device);
    if (failure.isPresent()) {
      String reason = "GPU " + gpu.address() + " requested but none visible (TensorFlow: " + failure.get() + ")";
      return onCpu(requested, reason, intra, inter);
    }
    processVisibleList = visible;
    String line = "megaspark: running the model on GPU " + gpu.address() + " (TensorFlow " + device
        + ", visible GPUs " + visible + ")";
    LOG.log(Level.INFO, line);
    return new Placement(requested, gpu, config, device, line);
  }

  /** The CPU placement for {@code requested}; logs {@link #CPU_LINE} + reason, at INFO once per JVM. */
  private static Placement onCpu(DeviceRequest requested, String reason, int intra, int inter) {
    String line = CPU_LINE + reason;
    LOG.log(cpuLineLogged ? Level.DEBUG : Level.INFO, line);
    cpuLineLogged = true;
    DeviceRequest cpu = DeviceRequest.CPU;
    return new Placement(requested, cpu, sessionConfig(cpu, intra, inter), deviceSpec(cpu), line);
  }

  /** Forgets every decision and the logged CPU line, as in a new JVM (tests of the once-per-JVM rules). */
  static synchronized void forgetDecisions() {
    DECIDED.clear();
    processVisibleList = null;
    cpuLineLogged = false;
  }

  /** Fails when a process that already numbered its GPUs as {@code established} asks for another list. */
  static void checkSameVisibleList(String established, String requested) {
    if (!established.equals(requested)) {
      throw DeviceErrors.visibleListChanged(established, requested);
    }
  }

  private static void checkThreads(int intraOpThreads, int interOpThreads) {
    if (intraOpThreads < 0) {
      throw DeviceErrors.badThreads("intraOpThreads", intraOpThreads);
    }
    if (interOpThreads < 0) {
      throw DeviceErrors.badThreads("interOpThreads", interOpThreads);
    }
  }
}
