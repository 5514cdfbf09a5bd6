package io.megaspark.jobs.input;

import io.megaspark.jobs.JobErrors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Applies the {@code --on-bad-record} policy on the driver, after the tokenize stage and before anything
 * is written: rejects invalid records and, for ids seen before, every later record with that id (the
 * first good one in input order keeps it). {@link #applyAllowingRepeatedIds} is the same policy for a
 * corpus whose ids only name files and may repeat (prepare's training corpus).
 */
public final class BadRecords {
  /**
   * What is left to run, and what was left out.
   *
   * @param good the documents to run, in input order
   * @param rejected the skipped records, in input order
   */
  public record Outcome(List<DocumentCount> good, List<BadDocument> rejected) {
    /** Skipped records per reason, in reason order (only reasons that occurred). */
    public Map<BadReason, Long> counts() {
      return countByReason(rejected);
    }
  }

  private BadRecords() {}

  /** Records per reason, in reason order (only reasons that occurred). */
  public static Map<BadReason, Long> countByReason(List<BadDocument> rejected) {
    Map<BadReason, Long> out = new EnumMap<>(BadReason.class);
    for (BadDocument b : rejected) {
      out.merge(b.reason(), 1L, Long::sum);
    }
    return out;
  }

  /** Counts as the console prints them: "3 skipped: 1 binary content, 2 invalid UTF-8"; "" for none. */
  public static String describe(Map<BadReason, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    return total == 0 ? "" : total + " skipped: " + counts.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", "));
  }

  /**
   * @param counts one entry per document in input order
   * @throws io.megaspark.jobs.MegasparkException under {@link OnBadRecord#FAIL} when any record is bad,
   *     naming the first one (file, document, offset)
   */
  public static Outcome apply(List<DocumentCount> counts, OnBadRecord policy) {
    return decide(counts, policy, true);
  }

  /**
   * {@link #apply} without the duplicate-id rule: only records bad in themselves are rejected.
   *
   * @throws io.megaspark.jobs.MegasparkException as {@link #apply} does
   */
  public static Outcome applyAllowingRepeatedIds(List<DocumentCount> counts, OnBadRecord policy) {
    return decide(counts, policy, false);
  }

  private static Outcome decide(List<DocumentCount> counts, OnBadRecord policy, boolean uniqueIds) {
    List<DocumentCount> good = new ArrayList<>();
    List<BadDocument> rejected = new ArrayList<>();
    Map<String, DocumentCount> seen = new HashMap<>();
    for (DocumentCount c : counts) {
      if (c.bad() != null) {
        rejected.add(c.bad());
        continue;
      }
      DocumentCount first = uniqueIds ? seen.putIfAbsent(c.docId(), c) : null;
      if (first != null) {
        rejected.add(new BadDocument(BadReason.DUPLICATE_ID, c.path(), c.docId(), c.recordOffset(),
            "the id was first used in file " + first.path() + " at byte " + first.recordOffset()));
        continue;
      }
      good.add(c);
    }
    if (policy == OnBadRecord.FAIL && !rejected.isEmpty()) {
      throw JobErrors.badRecord(rejected.get(0), rejected.size() - 1);
    }
    return new Outcome(Collections.unmodifiableList(good), Collections.unmodifiableList(rejected));
  }
}
