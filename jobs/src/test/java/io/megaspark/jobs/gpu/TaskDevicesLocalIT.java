package io.megaspark.jobs.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.megalodon.device.DevicePlacement;
import io.megaspark.megalodon.device.DeviceRequest;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/** CPU fallback: tasks of a Spark application without GPU resources get a CPU session configuration. */
class TaskDevicesLocalIT {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.local();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void taskWithoutGpuResource_getsCpuConfigWithNoGpuDevices() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<String> seen =
        jsc.parallelize(List.of(1, 2, 3, 4), 4)
            .map(i -> {
              DeviceRequest d = TaskDevices.current();
              ConfigProto c = DevicePlacement.sessionConfig(d, 1, 1);
              return d.spec() + " GPU=" + c.getDeviceCountOrThrow("GPU") + " " + DevicePlacement.deviceSpec(d);
            })
            .collect();
    assertEquals(List.of("cpu GPU=0 /device:CPU:0", "cpu GPU=0 /device:CPU:0", "cpu GPU=0 /device:CPU:0",
        "cpu GPU=0 /device:CPU:0"), seen);
  }
}
