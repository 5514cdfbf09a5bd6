package io.megaspark.megalodon.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.megaspark.megalodon.device.DeviceRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelOptionsTest {
  @Test
  void defaults_runOnTheCpu() {
    assertEquals(DeviceRequest.CPU, ModelOptions.defaults().device());
    assertEquals(DeviceRequest.CPU, ModelOptions.threads(2).device());
  }

  @Test
  void on_changesTheDeviceOnly() {
    ModelOptions o = ModelOptions.threads(2).on(DeviceRequest.gpu("1", List.of("0", "1")));
    assertEquals(new ModelOptions(2, 1, DeviceRequest.gpu("1", List.of("0", "1"))), o);
  }

  @Test
  void nullDevice_fails() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelOptions(1, 1, null));
    assertEquals("device must not be null (DeviceRequest.CPU for the CPU)", e.getMessage());
  }

  @Test
  void negativeThreads_fail() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelOptions(-1, 1, DeviceRequest.CPU));
    assertEquals("intraOpThreads must be >= 0 (0 = default), got -1", e.getMessage());
  }
}
