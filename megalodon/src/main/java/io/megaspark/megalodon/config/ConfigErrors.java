package io.megaspark.megalodon.config;

import io.megaspark.megalodon.MegalodonException;
import java.util.Collection;

/** User-facing errors about model config files, in one place so the wording stays consistent. */
public final class ConfigErrors {
  private ConfigErrors() {}

  public static MegalodonException unreadable(String source, Exception cause) {
    return new MegalodonException(
        "cannot read model config " + source + ": " + cause.getMessage()
            + " (expected a JSON object; see conf/models/tiny.json for an example)", cause);
  }

  public static MegalodonException notAnObject(String source, String where) {
    return new MegalodonException(
        "model config " + source + ": " + where + " must be a JSON object"
            + " (see conf/models/tiny.json for an example)");
  }

  public static MegalodonException unknownKey(
      String source, String where, String key, Collection<String> valid) {
    return new MegalodonException(
        "model config " + source + ": unknown key '" + key + "' in " + where
            + " (a misspelt or unsupported setting is never ignored); valid keys: "
            + String.join(", ", valid));
  }

  public static MegalodonException wrongType(String source, String key, String expected, String got) {
    return new MegalodonException(
        "model config " + source + ": " + key + " must be " + expected + ", got " + got);
  }

  public static MegalodonException conflict(String source, String why) {
    return new MegalodonException("model config " + source + ": " + why);
  }

  public static MegalodonException invalid(String source, IllegalArgumentException cause) {
    return new MegalodonException("model config " + source + ": " + cause.getMessage(), cause);
  }
}
