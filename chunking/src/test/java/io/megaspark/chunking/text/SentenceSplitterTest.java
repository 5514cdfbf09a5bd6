package io.megaspark.chunking.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
  private static final String PARAGRAPH =
      "Mr. Darcy arrived at noon on Tuesday. He did not stay long! Did anyone notice? "
          + "The caf\u00E9 on the corner \u2014 the one with the \uD83D\uDE00 sign \u2014 was closed.";

  @Test
  void splitsAParagraphIntoSentencesWithCharAndByteOffsets() {
    List<Sentence> sentences = SentenceSplitter.english().split(PARAGRAPH);
    assertEquals(List.of(
        "Mr. Darcy arrived at noon on Tuesday.",
        "He did not stay long!",
        "Did anyone notice?",
        "The caf\u00E9 on the corner \u2014 the one with the \uD83D\uDE00 sign \u2014 was closed."),
        sentences.stream().map(Sentence::text).toList());
    byte[] utf8 = PARAGRAPH.getBytes(StandardCharsets.UTF_8);
    for (Sentence s : sentences) {
      assertEquals(s.text(), PARAGRAPH.substring(s.charStart(), s.charEnd()));
      String fromBytes = new String(utf8, (int) s.byteStart(), (int) (s.byteEnd() - s.byteStart()),
          StandardCharsets.UTF_8);
      assertEquals(s.text(), fromBytes, "byte offsets point at the same sentence in the UTF-8 bytes");
    }
  }

  @Test
  void emptyTextHasNoSentences() {
    assertEquals(List.of(), SentenceSplitter.english().split(""));
    assertEquals(List.of(), SentenceSplitter.english().split("   \n "));
  }

  @Test
  void concurrentUseGivesTheSameResultAsSequential() throws Exception {
    List<Sentence> expected = SentenceSplitter.english().split(PARAGRAPH);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Sentence>>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> SentenceSplitter.english().split(PARAGRAPH)));
      }
      for (Future<List<Sentence>> f : results) {
        assertEquals(expected, f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void utf8LengthMatchesGetBytes() {
    String s = "a\u00E9\u4E2D\uD83D\uDE00\uD800z";
    assertEquals(s.getBytes(StandardCharsets.UTF_8).length, SentenceSplitter.utf8Length(s, 0, s.length()));
  }
}
