package io.megaspark.jobs.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads one JSONL file lazily, one {@link Document} per non-blank line, keeping each line's byte offset
 * for messages. A line that is not a JSON object, lacks an id or text, or is not UTF-8 becomes an {@link
 * DocumentSource.Invalid} document (the job's --on-bad-record policy decides). Blank lines are not
 * records and are passed over.
 */
public final class JsonlReader implements Iterator<Document> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final InputStream in;
  private final String path;
  private final long fileIndex;
  private final String idField;
  private final String textField;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long offset;
  private long lineNumber;
  private Document next;
  private boolean eof;

  /**
   * @param fileIndex the file's place in the sorted input list; ordinals are {@code fileIndex * 2^40 +
   *     line number}, so documents keep file order, then line order
   */
  public JsonlReader(InputStream in, String path, long fileIndex, String idField, String textField) {
    this.in = new BufferedInputStream(in, 1 << 16);
    this.path = path;
    this.fileIndex = fileIndex;
    this.idField = idField;
    this.textField = textField;
  }

  @Override
  public boolean hasNext() {
    while (next == null && !eof) {
      long start = offset;
      byte[] bytes = readLine();
      if (bytes != null && !isBlank(bytes)) {
        next = parse(bytes, start, (fileIndex << 40) + lineNumber);
      }
      lineNumber++;
    }
    return next != null;
  }

  @Override
  public Document next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Document d = next;
    next = null;
    return d;
  }

  /** The next line without its terminator, or null at the end of the file. */
  private byte[] readLine() {
    line.reset();
    try {
      int b;
      while ((b = in.read()) >= 0) {
        offset++;
        if (b == '\n') {
          return trimCr(line.toByteArray());
        }
        line.write(b);
      }
      eof = true;
      try {
        in.close();
      } catch (IOException e) {
        // the whole file was read; a failing close changes nothing
      }
      return line.size() == 0 ? null : trimCr(line.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " at byte " + offset, e);
    }
  }

  private Document parse(byte[] bytes, long at, long ordinal) {
    int bad = Utf8Validation.firstInvalid(bytes, 0, bytes.length);
    if (bad >= 0) {
      return invalid(ordinal, BadReason.INVALID_UTF8, at + bad, null, "malformed UTF-8 in a JSONL line");
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*$", "");
      int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      return invalid(ordinal, BadReason.MALFORMED_JSON, at, null,
          "not valid JSON" + (column > 0 ? " at column " + column : "") + ": " + why);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (node == null || !node.isObject()) {
      return invalid(ordinal, BadReason.MALFORMED_JSON, at, null, "the line is not a JSON object");
    }
    JsonNode id = node.get(idField);
    if (id == null || id.isNull()) {
      return invalid(ordinal, BadReason.NULL_ID, at, null, "no \"" + idField + "\" field (set --id-field)");
    }
    if (!id.isTextual() && !id.isNumber()) {
      return invalid(ordinal, BadReason.MALFORMED_JSON, at, null, "\"" + idField + "\" is not a string or number");
    }
    String docId = id.asText();
    JsonNode text = node.get(textField);
    if (text == null || text.isNull() || !text.isTextual()) {
      return invalid(ordinal, BadReason.MISSING_TEXT, at, docId,
          "\"" + textField + "\" is " + (text == null ? "missing (set --text-field)" : "not a string"));
    }
    return new Document(ordinal, docId, new DocumentSource.InlineText(text.asText(), path, at));
  }

  private Document invalid(long ordinal, BadReason reason, long at, String docId, String detail) {
    BadDocument b = new BadDocument(reason, path, docId, at, detail + " (line " + (lineNumber + 1) + ")");
    return new Document(ordinal, docId, new DocumentSource.Invalid(b));
  }

  private static byte[] trimCr(byte[] b) {
    return b.length > 0 && b[b.length - 1] == '\r' ? java.util.Arrays.copyOf(b, b.length - 1) : b;
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\t' && x != '\r') {
        return false;
      }
    }
    return true;
  }
}
