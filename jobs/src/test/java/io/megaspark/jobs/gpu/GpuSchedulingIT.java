package io.megaspark.jobs.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.run.BlockRequest;
import io.megaspark.jobs.run.BlockResult;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.SharedModels;
import io.megaspark.jobs.run.TensorFlowBlockModel;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.jobs.testing.TinyModels;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.device.DevicePlacement;
import io.megaspark.megalodon.device.DeviceRequest;
import io.megaspark.megalodon.device.Placement;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Spark's GPU scheduling on a real multi-process cluster with made-up GPUs: two workers, each with two
 * cores and two GPUs "0" and "1" reported by a discovery script, one GPU per task. Each task loads its model
 * the way jobs do ({@link SharedModels}), so the address travels TaskContext -> TaskDevices -> model cache
 * key -> ModelOptions -> DevicePlacement. This machine has no GPU, so the models fall back to the CPU;
 * MegalodonModelPlacementTest shows that a GPU placement's configuration is what the session gets.
 */
class GpuSchedulingIT {
  static final int EXECUTORS = 2;
  static SparkSession spark;
  static JavaSparkContext jsc;
  static Path scriptDir;
  static Path modelDir;
  /** The last position's logits of {@link #TOKENS} from a CPU model in this (driver) JVM. */
  static float[] cpuLogits;
  static final int[] TOKENS = IntStream.range(1, 17).toArray(); // one chunk of conf/models/tiny.json

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    scriptDir = Files.createTempDirectory("megaspark-gpus");
    Path script = scriptDir.resolve("made-up-gpus.sh");
    Files.writeString(script, "#!/usr/bin/env bash\necho '{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    spark = TestSpark.localCluster(
        "local-cluster[" + EXECUTORS + ",2,1024]",
        List.of(
            // Standalone workers discover their GPUs and hand them to their executors.
            "spark.worker.resource.gpu.amount=2",
            "spark.worker.resource.gpu.discoveryScript=" + script,
            "spark.executor.resource.gpu.amount=2",
            "spark.task.resource.gpu.amount=1",
            "spark.plugins=" + GpuExecutorPlugin.class.getName()));
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    modelDir = TinyModels.create(scriptDir.resolve("tiny"), 7);
    MegalodonConfig cfg = MegalodonConfig.load(modelDir.resolve("config.json"));
    try (MegalodonModel cpu = MegalodonModel.of(cfg, MegalodonWeights.load(modelDir, cfg), ModelOptions.defaults())) {
      cpuLogits = lastLogits(new TensorFlowBlockModel(cpu));
    }
    waitForExecutors();
  }

  @AfterAll
  static void stop() throws IOException {
    spark.stop();
    try (Stream<Path> files = Files.walk(scriptDir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  /**
   * One task's view: its executor and GPU address; its model (identity in the executor JVM) and the
   * model's placement: the device it asked for, the GPU configuration for that device (visible list and
   * pinned index), the device it runs on, the placement's log line; the model's last logits; start and end.
   */
  record TaskView(String executor, String address, int model, String spec, String visible, int index,
      String effective, String line, float[] logits, long start, long end) {
    static TaskView parse(String line) {
      String[] f = line.split("\\|", -1);
      float[] logits = new float[f[8].split(",").length];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = Float.parseFloat(f[8].split(",")[i]);
      }
      return new TaskView(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4], Integer.parseInt(f[5]), f[6], f[7],
          logits, Long.parseLong(f[9]), Long.parseLong(f[10]));
    }

    boolean overlaps(TaskView o) {
      return start < o.end && o.start < end;
    }
  }

  @Test
  void everyTaskGetsAGpu_concurrentTasksGetDifferentOnes_andItsModelIsPlacedOnIt() {
    String dir = modelDir.toString();
    List<TaskView> views =
        jsc.parallelize(IntStream.range(0, 8).boxed().toList(), 8).map(i -> observeTask(dir)).collect()
            .stream().map(TaskView::parse).toList();

    assertEquals(8, views.size());
    for (TaskView v : views) {
      assertTrue(Set.of("0", "1").contains(v.address()), "every task gets a GPU: " + v);
      assertEquals("gpu:" + v.address() + "@0,1", v.spec(), "the model was asked for the task's GPU: " + v);
      // The GPU session config lists the executor's GPUs and the graph is pinned to the task's own one.
      assertEquals("0,1", v.visible(), v.toString());
      assertEquals(v.address(), v.visible().split(",")[v.index()], "pinned device is the task's GPU: " + v);
      // No GPU here: the model runs on the CPU, says why, and computes what the CPU model computes.
      assertEquals("cpu", v.effective(), v.toString());
      assertTrue(v.line().startsWith(DevicePlacement.CPU_LINE), v.line());
      assertArrayEquals(cpuLogits, v.logits(), 1e-5f, "float32; executor and driver thread pools may differ");
    }
    for (TaskView a : views) {
      for (TaskView b : views) {
        if (a.executor().equals(b.executor())) {
          assertEquals(a.address().equals(b.address()), a.model() == b.model(),
              "one model per device per executor JVM: " + a + " " + b);
        }
      }
    }
    int overlapping = 0;
    for (int i = 0; i < views.size(); i++) {
      for (int j = i + 1; j < views.size(); j++) {
        TaskView a = views.get(i);
        TaskView b = views.get(j);
        if (a.executor().equals(b.executor()) && a.overlaps(b)) {
          overlapping++;
          assertNotEquals(a.address(), b.address(), "concurrent tasks on one executor share a GPU: " + a + " " + b);
        }
      }
    }
    assertTrue(overlapping > 0, "the test needs concurrent tasks on one executor: " + views);
  }

  @Test
  void taskWithGpuOnCpuOnlyMachine_fallsBackToCpuAndStillRunsTheGpuConfigThroughSoftPlacement() {
    List<String> results = jsc.parallelize(List.of(1, 2, 3, 4), 4).map(i -> placeAndRun()).collect();
    for (String r : results) {
      String[] f = r.split("\\|");
      assertTrue(f[0].matches("gpu:[01]@0,1"), r);
      assertEquals("cpu", f[1], "no GPU here, so the model runs on the CPU: " + r);
      assertEquals("0", f[2], "the fallback config creates no GPU device: " + r);
      // Exact: [[1,2],[3,4]] x [[5,6],[7,8]] in float32, once with the fallback, once with the GPU config.
      assertArrayEquals(new String[] {"19.0,22.0,43.0,50.0", "19.0,22.0,43.0,50.0"}, new String[] {f[3], f[4]}, r);
    }
    assertFalse(DevicePlacement.gpuAvailable(), "this test assumes a machine without GPUs");
  }

  /** Runs in a task: which GPU it got, the model jobs would use, and where that model was placed. */
  static String observeTask(String modelDir) throws InterruptedException {
    long start = System.currentTimeMillis();
    String address = TaskContext.get().resourcesJMap().get(TaskDevices.GPU).addresses()[0];
    TensorFlowBlockModel model = (TensorFlowBlockModel) SharedModels.get(new ModelRef.TensorFlow(modelDir));
    Placement p = model.placement();
    // What the session gets where the requested GPU exists (the placement's config when it is found).
    ConfigProto gpuConfig = DevicePlacement.sessionConfig(p.requested(), 0, 0);
    DeviceSpec pinned = DevicePlacement.deviceSpec(p.requested());
    float[] last = lastLogits(model);
    String logits = String.join(",", IntStream.range(0, last.length).mapToObj(i -> Float.toString(last[i])).toList());
    Thread.sleep(1500); // keep the GPU long enough for the executor's other slot to run a task meanwhile
    return String.join("|", SparkEnv.get().executorId(), address, String.valueOf(System.identityHashCode(model)),
        p.requested().spec(), gpuConfig.getGpuOptions().getVisibleDeviceList(), String.valueOf(pinned.deviceIndex()),
        p.effective().spec(), p.line(), logits, String.valueOf(start), String.valueOf(System.currentTimeMillis()));
  }

  /** The first four logits at the last position of {@link #TOKENS}, from a fresh state. */
  static float[] lastLogits(TensorFlowBlockModel model) {
    BlockResult<StreamState> r = model.forward(List.of(model.initialState()), new int[][] {TOKENS},
        new int[] {TOKENS.length}, new BlockRequest(true, null, false, false));
    return Arrays.copyOf(r.logits()[0][TOKENS.length - 1], 4);
  }

  /** Runs in a task: the full placement (probe, fallback) and a matmul with it and with the raw GPU config. */
  static String placeAndRun() {
    DeviceRequest device = TaskDevices.current();
    Placement p = DevicePlacement.place(device, 1, 1);
    String fallback = matmul(p.config(), p.device());
    String gpuConfig = matmul(DevicePlacement.sessionConfig(device, 1, 1), DevicePlacement.deviceSpec(device));
    return String.join("|", device.spec(), p.effective().spec(),
        String.valueOf(p.config().getDeviceCountOrDefault("GPU", -1)), fallback, gpuConfig);
  }

  private static String matmul(ConfigProto config, DeviceSpec device) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withDevice(device);
      var c = tf.linalg.matMul(tf.constant(new float[][] {{1, 2}, {3, 4}}), tf.constant(new float[][] {{5, 6}, {7, 8}}));
      try (Session s = new Session(g, config);
          TFloat32 out = (TFloat32) s.runner().fetch(c).run().get(0)) {
        float[][] m = StdArrays.array2dCopyOf(out);
        List<String> cells = new ArrayList<>();
        for (float[] row : m) {
          for (float x : row) {
            cells.add(String.valueOf(x));
          }
        }
        return String.join(",", cells);
      }
    }
  }

  private static void waitForExecutors() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 180_000; // executor JVMs start slowly on a busy 2-core machine
    while (jsc.sc().getExecutorMemoryStatus().size() < EXECUTORS + 1) { // + the driver
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("executors did not start: " + jsc.sc().getExecutorMemoryStatus());
      }
      Thread.sleep(200);
    }
  }
}
