package io.megaspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.MegasparkException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchDocumentsTest {
  @Test
  void pieces_cutAfterWhitespace_coverTheWholeText() {
    String text = "one two three four five six";
    List<BenchDocuments.Doc> p = BenchDocuments.pieces("b.txt", text, 5);
    // each piece runs from the previous cut to the first whitespace at or after 5 more characters
    assertEquals(List.of("one two", "three", "four", "five", "six"), p.stream().map(BenchDocuments.Doc::text).toList());
    assertEquals("b.txt#4", p.get(4).id());
  }

  @Test
  void read_takesPiecesInTurnFromEachBook_upToMax(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.txt"), "a1 a2 a3");
    Files.writeString(dir.resolve("b.txt"), "b1");
    Files.writeString(dir.resolve("notes.md"), "not a book");
    assertEquals(List.of("a.txt#0", "b.txt#0", "a.txt#1", "a.txt#2"),
        BenchDocuments.read(dir, 1, 10).stream().map(BenchDocuments.Doc::id).toList());
    assertEquals(List.of("a.txt#0", "b.txt#0", "a.txt#1"),
        BenchDocuments.read(dir, 1, 3).stream().map(BenchDocuments.Doc::id).toList());
  }

  @Test
  void read_zeroChars_givesWholeBooks_andReplacesMalformedUtf8(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("latin1.txt"), new byte[] {'C', (byte) 0xE6, 's', 'a', 'r'});
    List<BenchDocuments.Doc> d = BenchDocuments.read(dir, 0, 5);
    assertEquals(1, d.size());
    assertEquals("latin1.txt", d.get(0).id());
    assertEquals("C\uFFFDsar", d.get(0).text());
  }

  @Test
  void read_noTextFiles_namesTheDirectory(@TempDir Path dir) {
    MegasparkException e = assertThrows(MegasparkException.class, () -> BenchDocuments.read(dir, 100, 1));
    assertTrue(e.getMessage().contains("bad value for --input: '" + dir + "'"), e.getMessage());
  }
}
