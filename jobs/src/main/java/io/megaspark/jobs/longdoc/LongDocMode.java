package io.megaspark.jobs.longdoc;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a document longer than {@code --max-tokens-per-task} runs (DESIGN.md, execution mode 2).
 *
 * <ul>
 *   <li>{@link #AUTO}: the planner picks relay or scan per document ({@link LongDocPlanner});
 *   <li>{@link #SINGLE}: every document in one task, however long (mode 1 only);
 *   <li>{@link #RELAY}: contiguous ranges run in order, each from its predecessor's final state;
 *       ranges of different documents run side by side (a wavefront);
 *   <li>{@link #SCAN}: the exact layer-wise parallel scan (MODEL.md 1.10): all ranges of a document
 *       at once, two driver-side scans of small summaries per layer.
 * </ul>
 */
public enum LongDocMode {
  AUTO, SINGLE, RELAY, SCAN;

  /** The option's spelling, lower case. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code --long-doc-mode}; the error lists the valid values. */
  public static LongDocMode parse(String value) {
    for (LongDocMode m : values()) {
      if (m.optionValue().equals(value == null ? null : value.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw LongDocErrors.badMode(value, Arrays.stream(values()).map(LongDocMode::optionValue)
        .collect(Collectors.joining("|")));
  }
}
