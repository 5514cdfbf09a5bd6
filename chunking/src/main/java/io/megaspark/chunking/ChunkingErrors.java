package io.megaspark.chunking;

import java.io.IOException;
import java.util.Collection;

/**
 * Every user-facing error of the chunking module, in one place so the wording stays consistent. Each
 * message says the problem, why it is one, how to fix it, and where (file, document, byte offset).
 */
public final class ChunkingErrors {
  private ChunkingErrors() {}

  /** A tokenizer name that is not known, for example from a model's config.json. */
  public static ChunkingException unknownTokenizer(String name, Collection<String> valid) {
    return new ChunkingException(
        "unknown tokenizer '" + name + "': chunking has no tokenizer of that name, so the text cannot be"
            + " turned into the model's token ids; use one of: " + String.join(", ", valid)
            + " (the \"tokenizer\" key of the model's config.json or the --tokenizer option)");
  }

  /** The exception for a bad record, to throw (fail policy) or to catch and count (skip policy). */
  public static BadRecordException badRecord(BadRecord record) {
    return new BadRecordException(record, badRecordMessage(record, null), null);
  }

  /** Reading a record's bytes failed: a bad record of reason UNREADABLE that keeps the cause. */
  public static BadRecordException unreadable(String where, long byteOffset, IOException cause) {
    BadRecord record = new BadRecord(BadRecord.Reason.UNREADABLE, where, byteOffset);
    return new BadRecordException(record, badRecordMessage(record, cause), cause);
  }

  static String badRecordMessage(BadRecord r, IOException cause) {
    String at = " (in " + r.where() + " at byte " + r.byteOffset() + ")";
    return switch (r.reason()) {
      case NUL_BYTE -> "input is not text: a NUL byte" + at + "; text files never contain NUL bytes,"
          + " so this is a binary file or UTF-16 text; remove it from the input, convert it to UTF-8,"
          + " or run with --on-bad-record=skip to skip and count such records";
      case CONTROL_BYTES -> "input is not text: too many control bytes near the start" + at
          + "; the share of control bytes marks a binary file; remove it from the input or run with"
          + " --on-bad-record=skip to skip and count such records";
      case UNREADABLE -> "cannot read input" + at + ": "
          + (cause == null ? "I/O error" : cause.getClass().getSimpleName() + ": " + cause.getMessage())
          + "; the bytes could not be read, so the document cannot be tokenized; check that the path"
          + " exists and is readable by the user running the job, or run with --on-bad-record=skip";
    };
  }

  /** A file that should be an Arrow block file is not one, or has another schema or version. */
  public static ChunkingException notABlockFile(String path, String why) {
    return new ChunkingException(
        "not a Megaspark block file: " + path + ": " + why + "; block files are Arrow IPC files written"
            + " by BlockFileWriter with the schema in docs/formats.md (\"Arrow block files\");"
            + " regenerate the file with the current version, or point at the right file");
  }

  /** Reading or writing a block file failed. */
  public static ChunkingException blockFileIo(String path, String action, IOException cause) {
    return new ChunkingException(
        "cannot " + action + " block file " + path + ": " + cause.getMessage() + "; the disk may be full"
            + " or the path not writable/readable; check the path and free space, then rerun",
        cause);
  }

  /** The planner got two documents with the same id: their blocks and state would be mixed up. */
  public static ChunkingException duplicateDocument(String docId) {
    return new ChunkingException(
        "duplicate document id '" + docId + "': document ids key the blocks and the carried state, so two"
            + " documents with one id would be mixed; make ids unique (for example prefix them with the"
            + " file name) before planning");
  }

  /** The bundled sentence model is missing from the class path. */
  public static ChunkingException sentenceModelMissing(String resource, Exception cause) {
    return new ChunkingException(
        "cannot load the English sentence model " + resource + ": "
            + (cause == null ? "not on the class path" : cause.getMessage())
            + "; sentence splitting needs org.apache.opennlp:opennlp-models-sentdetect-en on the class"
            + " path; use the Megaspark jar, or add that artifact to the job's dependencies",
        cause);
  }
}
