package io.megaspark.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlReaderTest {
  static List<Document> read(byte[] bytes, String idField, String textField) {
    List<Document> out = new ArrayList<>();
    new JsonlReader(new ByteArrayInputStream(bytes), "f.jsonl", 3, idField, textField).forEachRemaining(out::add);
    return out;
  }

  @Test
  void goodLines_keepIdsTextsOffsetsAndFileOrder() {
    byte[] b = "{\"id\":\"a\",\"text\":\"x\"}\r\n\n{\"id\":2,\"text\":\"y z\"}".getBytes(StandardCharsets.UTF_8);
    List<Document> d = read(b, "id", "text");
    assertEquals(2, d.size());
    assertEquals("a", d.get(0).docId());
    assertEquals(new DocumentSource.InlineText("x", "f.jsonl", 0), d.get(0).source());
    assertEquals("2", d.get(1).docId());
    assertEquals(new DocumentSource.InlineText("y z", "f.jsonl", 24), d.get(1).source());
    assertEquals((3L << 40) + 2, d.get(1).ordinal()); // line 3 (index 2) of file 3
  }

  @Test
  void badLines_becomeInvalidDocumentsWithReasonAndOffset() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("[1, 2]\n{\"id\":\"a\"}\n{\"text\":\"t\"}\n{\"id\":\"b\",\"text\":5}\n{\"id\":\"c\",\"text\":\"ok\"} trailing\n"
        .getBytes(StandardCharsets.UTF_8));
    b.writeBytes(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xFF, '"', '}', '\n'});
    List<Document> d = read(b.toByteArray(), "id", "text");
    List<BadReason> reasons = new ArrayList<>();
    for (Document x : d) {
      reasons.add(((DocumentSource.Invalid) x.source()).bad().reason());
    }
    assertEquals(List.of(BadReason.MALFORMED_JSON, BadReason.MISSING_TEXT, BadReason.NULL_ID,
        BadReason.MISSING_TEXT, BadReason.MALFORMED_JSON, BadReason.INVALID_UTF8), reasons);
    BadDocument utf = ((DocumentSource.Invalid) d.get(5).source()).bad();
    assertEquals(b.size() - 11 + 7, utf.offset()); // the 0xFF byte
    assertTrue(utf.detail().contains("line 6"), utf.detail());
  }

  @Test
  void configuredFieldNames_areUsed() {
    List<Document> d = read("{\"key\":\"k\",\"body\":\"text\"}".getBytes(StandardCharsets.UTF_8), "key", "body");
    assertEquals("k", d.get(0).docId());
  }
}
