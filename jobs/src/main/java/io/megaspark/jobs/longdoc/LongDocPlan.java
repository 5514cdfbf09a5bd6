package io.megaspark.jobs.longdoc;

import io.megaspark.megalodon.scan.DocumentRanges;

/**
 * What the planner decided for one document.
 *
 * @param mode SINGLE, RELAY or SCAN (never AUTO)
 * @param ranges the contiguous ranges, on chunk boundaries (one range for SINGLE)
 * @param reason one sentence for the job's log
 */
public record LongDocPlan(LongDocMode mode, DocumentRanges ranges, String reason) {
  public LongDocPlan {
    if (mode == null || mode == LongDocMode.AUTO) {
      throw new IllegalArgumentException("a plan's mode must be single, relay or scan, got " + mode);
    }
    if (mode == LongDocMode.SINGLE && ranges.count() != 1) {
      throw new IllegalArgumentException("a single-task plan has one range, got " + ranges.count());
    }
  }
}
