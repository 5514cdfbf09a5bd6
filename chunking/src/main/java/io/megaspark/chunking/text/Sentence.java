package io.megaspark.chunking.text;

import java.util.Objects;

/**
 * One sentence of a document and where it is: chars [charStart, charEnd) of the text, and bytes
 * [byteStart, byteEnd) of the text's UTF-8 encoding (the input file's own offsets when it was valid
 * UTF-8).
 */
public record Sentence(String text, int charStart, int charEnd, long byteStart, long byteEnd) {
  public Sentence {
    Objects.requireNonNull(text, "text");
    if (charStart < 0 || charEnd < charStart || byteStart < 0 || byteEnd < byteStart) {
      throw new IllegalArgumentException("sentence offsets: chars [" + charStart + ", " + charEnd
          + "), bytes [" + byteStart + ", " + byteEnd + "), must be non-negative and ordered");
    }
  }
}
