package io.megaspark.jobs.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressReporterTest {
  @Test
  void human_usesThreeSignificantDigits() {
    assertEquals("999", ProgressReporter.human(999));
    assertEquals("1.23K", ProgressReporter.human(1234));
    assertEquals("56.8M", ProgressReporter.human(56_780_000));
    assertEquals("123G", ProgressReporter.human(123_400_000_000L));
  }

  @Test
  void duration_secondsMinutesHours() {
    assertEquals("42s", ProgressReporter.duration(42.4));
    assertEquals("2m05s", ProgressReporter.duration(125));
    assertEquals("3h02m", ProgressReporter.duration(3 * 3600 + 125));
  }
}
