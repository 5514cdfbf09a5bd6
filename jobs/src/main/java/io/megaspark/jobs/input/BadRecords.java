package io.megaspark.jobs.input;

import io.megaspark.jobs.JobErrors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@code --on-bad-record} policy on the driver, after the tokenize stage and before anything
 * is written: rejects invalid records and, for ids seen before, every later record with that id (the
 * first good one in input order keeps it).
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
      Map<BadReason, Long> out = new EnumMap<>(BadReason.class);
      for (BadDocument b : rejected) {
        out.merge(b.reason(), 1L, Long::sum);
      }
      return out;
    }
  }

  private BadRecords() {}

  /**
   * @param counts one entry per document in input order
   * @throws io.megaspark.jobs.MegasparkException under {@link OnBadRecord#FAIL} when any record is bad,
   *     naming the first one (file, document, offset)
   */
  public static Outcome apply(List<DocumentCount> counts, OnBadRecord policy) {
    List<DocumentCount> good = new ArrayList<>();
    List<BadDocument> rejected = new ArrayList<>();
    Map<String, DocumentCount> seen = new HashMap<>();
    for (DocumentCount c : counts) {
      if (c.bad() != null) {
        rejected.add(c.bad());
        continue;
      }
      DocumentCount first = seen.putIfAbsent(c.docId(), c);
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
