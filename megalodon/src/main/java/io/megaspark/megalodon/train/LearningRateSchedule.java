package io.megaspark.megalodon.train;

/**
 * Linear warmup then cosine decay to a floor (the MEGALODON paper's schedule, MODEL.md 1.5).
 *
 * <p>For step s counted from 0: during warmup {@code lr = peak·(s+1)/warmup}; afterwards, with
 * {@code f = (s − warmup)/(total − warmup)} clamped to [0, 1],
 * {@code lr = floor + (peak − floor)·(1 + cos(π f))/2}. Steps past {@code total} stay at the floor.
 *
 * @param peak the maximum learning rate, positive
 * @param warmupSteps steps of linear warmup, >= 0 and < totalSteps
 * @param totalSteps the step at which the floor is reached
 * @param floor the final learning rate, in [0, peak]
 */
public record LearningRateSchedule(double peak, long warmupSteps, long totalSteps, double floor) {
  public LearningRateSchedule {
    if (!(peak > 0)) {
      throw new IllegalArgumentException("lr peak must be positive: lr=" + peak);
    }
    if (warmupSteps < 0 || warmupSteps >= totalSteps) {
      throw new IllegalArgumentException(
          "warmup_steps must be in [0, total_steps): warmup_steps=" + warmupSteps + ", total_steps=" + totalSteps);
    }
    if (!(floor >= 0 && floor <= peak)) {
      throw new IllegalArgumentException("lr floor must be in [0, peak]: floor=" + floor + ", peak=" + peak);
    }
  }

  /** The learning rate of step {@code step} (0-based). */
  public double at(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0: step=" + step);
    }
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    double f = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
    return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * f));
  }
}
