package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  private final LearningRateSchedule s = new LearningRateSchedule(1e-3, 10, 110, 1e-4);

  @Test
  void warmup_risesLinearlyToPeak() {
    assertEquals(1e-4, s.at(0), 1e-15); // exact formula, tolerance for double rounding
    assertEquals(5e-4, s.at(4), 1e-15);
    assertEquals(1e-3, s.at(9), 1e-15);
  }

  @Test
  void cosine_startsAtPeakPassesMidpointAndEndsAtFloor() {
    assertEquals(1e-3, s.at(10), 1e-15);
    assertEquals((1e-3 + 1e-4) / 2, s.at(60), 1e-15);
    assertEquals(1e-4, s.at(110), 1e-15);
    assertEquals(1e-4, s.at(10_000), 1e-15);
  }

  @Test
  void afterWarmup_neverIncreases() {
    for (long t = 10; t < 120; t++) {
      assertTrue(s.at(t + 1) <= s.at(t), "step " + t);
    }
  }

  @Test
  void rejectsWarmupNotBeforeTotal() {
    var e = assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 5, 5, 0));
    assertEquals("warmup_steps must be in [0, total_steps): warmup_steps=5, total_steps=5", e.getMessage());
  }
}
