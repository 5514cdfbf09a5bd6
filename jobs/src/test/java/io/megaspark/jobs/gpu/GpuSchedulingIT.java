package io.megaspark.jobs.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.megalodon.device.DevicePlacement;
import io.megaspark.megalodon.device.DeviceRequest;
import io.megaspark.megalodon.device.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
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
 * cores and two GPUs "0" and "1" reported by a discovery script, one GPU per task. This machine has no GPU,
 * so the model falls back to the CPU, but the addresses flow exactly as on a GPU cluster.
 */
class GpuSchedulingIT {
  static final int EXECUTORS = 2;
  static SparkSession spark;
  static JavaSparkContext jsc;
  static Path scriptDir;

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
    waitForExecutors();
  }

  @AfterAll
  static void stop() throws IOException {
    spark.stop();
    Files.deleteIfExists(scriptDir.resolve("made-up-gpus.sh"));
    Files.deleteIfExists(scriptDir);
  }

  /** One task's view, as a line: executor|address|spec|visible list|TF device index|start ms|end ms. */
  record TaskView(String executor, String address, String spec, String visible, int index, long start, long end) {
    static TaskView parse(String line) {
      String[] f = line.split("\\|", -1);
      return new TaskView(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]));
    }

    boolean overlaps(TaskView o) {
      return start < o.end && o.start < end;
    }
  }

  @Test
  void everyTaskGetsAGpu_concurrentTasksGetDifferentOnes_andTheSessionConfigNamesIt() {
    List<TaskView> views =
        jsc.parallelize(IntStream.range(0, 8).boxed().toList(), 8).map(i -> observeTask()).collect()
            .stream().map(TaskView::parse).toList();

    assertEquals(8, views.size());
    for (TaskView v : views) {
      assertTrue(Set.of("0", "1").contains(v.address()), "every task gets a GPU: " + v);
      assertEquals("gpu:" + v.address() + "@0,1", v.spec(), "the device request names the task's GPU: " + v);
      // The session config lists the executor's GPUs and the graph is pinned to the task's own one.
      assertEquals("0,1", v.visible(), v.toString());
      assertEquals(v.address(), v.visible().split(",")[v.index()], "pinned device is the task's GPU: " + v);
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

  /** Runs in a task: which GPU it got, and what the placement logic made of it. */
  static String observeTask() throws InterruptedException {
    long start = System.currentTimeMillis();
    String address = TaskContext.get().resourcesJMap().get(TaskDevices.GPU).addresses()[0];
    DeviceRequest device = TaskDevices.current();
    ConfigProto config = DevicePlacement.sessionConfig(device, 1, 1);
    DeviceSpec pinned = DevicePlacement.deviceSpec(device);
    Thread.sleep(1500); // keep the GPU long enough for the executor's other slot to run a task meanwhile
    return String.join("|", SparkEnv.get().executorId(), address, device.spec(),
        config.getGpuOptions().getVisibleDeviceList(), String.valueOf(pinned.deviceIndex()),
        String.valueOf(start), String.valueOf(System.currentTimeMillis()));
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
