package io.megaspark.megalodon.model;

import io.megaspark.megalodon.MegalodonException;

/** User-facing errors about carried stream states, in one place so the wording stays consistent. */
public final class StateErrors {
  private StateErrors() {}

  public static MegalodonException corrupt(String why, long offset) {
    return new MegalodonException("corrupt stream state at byte " + offset + ": " + why
        + " (the stored state is damaged or truncated; restart the document from its beginning)");
  }

  public static MegalodonException notAState(String magic) {
    return new MegalodonException("not a Megaspark stream state: the bytes start with '" + magic
        + "', expected 'MGST' (was the state column or file mixed up with another?)");
  }

  public static MegalodonException newerVersion(int version, int supported) {
    return new MegalodonException("stream state format version " + version + " is newer than the "
        + supported + " this Megaspark reads; read it with the Megaspark version that wrote it");
  }

  public static MegalodonException shapeMismatch(String what, String state, String config) {
    return new MegalodonException("stream state does not fit the model: " + what + " is " + state
        + " in the state but " + config + " in the config (the state was written by another model;"
        + " restart the document or use the model that wrote it)");
  }
}
