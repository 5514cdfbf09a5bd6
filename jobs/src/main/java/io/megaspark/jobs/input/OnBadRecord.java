package io.megaspark.jobs.input;

import io.megaspark.jobs.JobErrors;
import java.util.Locale;

/** The {@code --on-bad-record} policy (DESIGN.md, "Bad input"). */
public enum OnBadRecord {
  /** Stop at the first bad record with a message naming it; write nothing. */
  FAIL,
  /** Leave bad records out, count them per reason, report the counts (and list them in _bad_records). */
  SKIP;

  public static OnBadRecord parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw JobErrors.badOption("on-bad-record", value, "fail or skip");
    }
  }
}
