package io.megaspark.jobs;

import java.util.Map;

/** Typed reads of resolved option values ({@link JobOptions#resolve}); bad values fail naming key and rule. */
public final class OptionValues {
  private final Map<String, String> values;

  public OptionValues(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** The raw value ("" when unset and without default). */
  public String string(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("option " + key + " is not defined for this job");
    }
    return v;
  }

  /** The value, or null when it is empty. */
  public String optional(String key) {
    String v = string(key);
    return v.isEmpty() ? null : v;
  }

  public int integer(String key, int min, int max) {
    String v = string(key);
    try {
      int i = Integer.parseInt(v.trim());
      if (i < min || i > max) {
        throw JobErrors.badOption(key, v, "an integer from " + min + " to " + max);
      }
      return i;
    } catch (NumberFormatException e) {
      throw JobErrors.badOption(key, v, "an integer from " + min + " to " + max);
    }
  }

  public long longValue(String key, long min) {
    String v = string(key);
    try {
      long l = Long.parseLong(v.trim());
      if (l < min) {
        throw JobErrors.badOption(key, v, "an integer of at least " + min);
      }
      return l;
    } catch (NumberFormatException e) {
      throw JobErrors.badOption(key, v, "an integer of at least " + min);
    }
  }

  public double decimal(String key, double min, double max) {
    String v = string(key);
    try {
      double d = Double.parseDouble(v.trim());
      if (!(d >= min && d <= max)) {
        throw JobErrors.badOption(key, v, "a number from " + min + " to " + max);
      }
      return d;
    } catch (NumberFormatException e) {
      throw JobErrors.badOption(key, v, "a number from " + min + " to " + max);
    }
  }

  public boolean bool(String key) {
    String v = string(key).trim();
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw JobErrors.badOption(key, v, "true or false");
  }

  /** A text value with the escapes \n, \t and \\ turned into characters (prompts). */
  public String text(String key) {
    String v = string(key);
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length()) {
        char n = v.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
