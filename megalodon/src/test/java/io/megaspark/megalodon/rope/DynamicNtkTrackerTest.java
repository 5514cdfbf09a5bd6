package io.megaspark.megalodon.rope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.megaspark.megalodon.rope.RopeScaling.Default;
import io.megaspark.megalodon.rope.RopeScaling.DynamicNtk;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Hugging Face's {@code _dynamic_frequency_update}: growth past the cached length, reset below L. */
class DynamicNtkTrackerTest {
  private static final int D = 64;
  private static final double BASE = 10_000;
  private static final int L = 2048;
  private final DynamicNtk scaling = new DynamicNtk(2);

  private RopeFrequencies at(int length) {
    return scaling.compute(D, BASE, L, OptionalInt.of(length));
  }

  @Test
  void startsAtPlainRope() {
    DynamicNtkTracker tracker = new DynamicNtkTracker(scaling, D, BASE, L);
    assertEquals(new Default().compute(D, BASE, L), tracker.current()); // l* = L makes the ratio exactly 1
    assertEquals(L, tracker.cachedLength());
    assertEquals(L, tracker.originalLength());
  }

  @Test
  void growsOnlyPastTheLongestLengthSeen() {
    DynamicNtkTracker tracker = new DynamicNtkTracker(scaling, D, BASE, L);
    RopeFrequencies original = tracker.current();
    assertSame(original, tracker.update(1023)); // length 1024 <= L: nothing to do
    assertSame(original, tracker.update(L - 1)); // length L is not > cached L

    assertEquals(at(4096), tracker.update(4095)); // growth to 4096
    assertEquals(4096, tracker.cachedLength());
    RopeFrequencies grown = tracker.current();
    assertSame(grown, tracker.update(2999)); // 3000: shorter than cached but not below L, keep
    assertEquals(at(8192), tracker.update(8191)); // growth again
    assertEquals(8192, tracker.cachedLength());
  }

  @Test
  void resetsToOriginalWhenLengthDropsBelowL() {
    DynamicNtkTracker tracker = new DynamicNtkTracker(scaling, D, BASE, L);
    RopeFrequencies original = tracker.current();
    tracker.update(8191);
    assertNotEquals(original, tracker.current());

    assertSame(original, tracker.update(99)); // length 100 < L after growth: reset
    assertEquals(L, tracker.cachedLength());
  }

  @Test
  void lengthExactlyL_afterGrowth_keepsGrownFrequencies() {
    // Hugging Face resets only when the length is strictly below L.
    DynamicNtkTracker tracker = new DynamicNtkTracker(scaling, D, BASE, L);
    RopeFrequencies grown = tracker.update(5000);
    assertSame(grown, tracker.update(L - 1));
    assertEquals(5001, tracker.cachedLength());
  }
}
