package io.megaspark.chunking.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class Gpt2BoundariesTest {
  /** GPT-2's pre-tokenizer, compiled as jtokkit compiles it for r50k_base: the reference. */
  private static final Pattern GPT2 = Pattern.compile(
      "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern SPACE = Pattern.compile("\\s", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern LETTER = Pattern.compile("\\p{L}", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern NUMBER = Pattern.compile("\\p{N}", Pattern.UNICODE_CHARACTER_CLASS);

  /** Tricky code points: contraction letters, apostrophe, every kind of space, marks, digits, emoji. */
  private static final int[] ALPHABET = {
    'a', 's', 't', 'l', 'v', 'e', 'r', 'd', 'm', 'X', '\'', '\'', ' ', ' ', ' ', '\n', '\r', '\t', '0',
    '7', '.', ',', '-', '!', 0xA0, 0x3000, 0x2009, 0x85, 0xE9, 0x301, 0x4E2D, 0x00B2, 0x2167, 0x1F600,
    0x10400, 0xFFFD, 0x1C, 0
  };

  @Test
  void classesMatchRegexForEveryCodePoint() {
    Matcher space = SPACE.matcher("");
    Matcher letter = LETTER.matcher("");
    Matcher number = NUMBER.matcher("");
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      String s = Character.toString(cp);
      boolean isSpace = space.reset(s).matches();
      if (isSpace != Gpt2Boundaries.isWhitespace(cp)) {
        assertEquals(isSpace, Gpt2Boundaries.isWhitespace(cp), "whitespace U+" + Integer.toHexString(cp));
      }
      int expected = isSpace ? 0 : letter.reset(s).matches() ? 1 : number.reset(s).matches() ? 2 : 3;
      if (expected != Gpt2Boundaries.kind(cp)) {
        assertEquals(expected, Gpt2Boundaries.kind(cp), "kind of U+" + Integer.toHexString(cp));
      }
    }
  }

  @Test
  void cutsBeforeSpaceLedPiecesNeverInsideThem() {
    assertTrue(Gpt2Boundaries.isSafe('d', ' '), "word | space word");
    assertTrue(Gpt2Boundaries.isSafe('.', '\n'), "punctuation | newline");
    assertFalse(Gpt2Boundaries.isSafe(' ', 'w'), "the space belongs to ' word'");
    assertFalse(Gpt2Boundaries.isSafe('\n', '\n'), "inside a whitespace run");
    assertFalse(Gpt2Boundaries.isSafe('\'', 's'), "inside the contraction 's");
    assertTrue(Gpt2Boundaries.isSafe('n', '\''), "don | 't");
    assertFalse(Gpt2Boundaries.isSafe('a', 'b'), "inside a letter run");
    assertTrue(Gpt2Boundaries.isSafe('a', '7'), "letters | digits");
  }

  @Test
  void cuttingAtSafePointsKeepsRegexPieces() {
    Random rnd = new Random(42);
    int checked = 0;
    for (int trial = 0; trial < 3000; trial++) {
      String text = randomText(rnd, 1 + rnd.nextInt(24));
      List<String> whole = pieces(text);
      for (int p = 1; p < text.length(); p++) {
        if (isSafeAt(text, p)) {
          List<String> cut = new ArrayList<>(pieces(text.substring(0, p)));
          cut.addAll(pieces(text.substring(p)));
          int at = p;
          assertEquals(whole, cut, () -> "cut at " + at + " of " + escape(text));
          checked++;
        }
      }
    }
    assertTrue(checked > 10_000, "enough cuts checked: " + checked);
  }

  @Test
  void cuttingAtSafePointsKeepsBpeTokens() {
    Gpt2Tokenizer gpt2 = Gpt2Tokenizer.instance();
    Random rnd = new Random(7);
    for (int trial = 0; trial < 500; trial++) {
      String text = randomText(rnd, 1 + rnd.nextInt(40));
      int[] whole = gpt2.encode(text);
      for (int p = 1; p < text.length(); p++) {
        if (isSafeAt(text, p)) {
          int[] left = gpt2.encode(text.substring(0, p));
          int[] right = gpt2.encode(text.substring(p));
          int[] joined = new int[left.length + right.length];
          System.arraycopy(left, 0, joined, 0, left.length);
          System.arraycopy(right, 0, joined, left.length, right.length);
          int at = p;
          assertArrayEquals(whole, joined, () -> "cut at " + at + " of " + escape(text));
        }
      }
    }
  }

  @Test
  void lastSafeSplitFindsTheLastCutAndKeepsSurrogatePairs() {
    char[] text = "ab cd\uD83D\uDE00".toCharArray();
    // Cuts: before ' ' (2) and between 'd' and the emoji (5); never between the two surrogates (6).
    assertEquals(5, Gpt2Boundaries.lastSafeSplit(text, 0, text.length));
    assertEquals(2, Gpt2Boundaries.lastSafeSplit(text, 0, 5));
    char[] letters = "abcdef".toCharArray();
    assertEquals(-1, Gpt2Boundaries.lastSafeSplit(letters, 0, letters.length));
    // A high surrogate at the window's end is not judged: its code point is incomplete.
    char[] open = "ab\uD83D".toCharArray();
    assertEquals(-1, Gpt2Boundaries.lastSafeSplit(open, 0, open.length));
  }

  /** The rule at char position p of a string (no cut inside a surrogate pair). */
  static boolean isSafeAt(String text, int p) {
    if (Character.isLowSurrogate(text.charAt(p)) && Character.isHighSurrogate(text.charAt(p - 1))) {
      return false;
    }
    return Gpt2Boundaries.isSafe(text.codePointBefore(p), text.codePointAt(p));
  }

  static String randomText(Random rnd, int codePoints) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      sb.appendCodePoint(ALPHABET[rnd.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }

  private static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = GPT2.matcher(text);
    int end = 0;
    while (m.find()) {
      assertEquals(end, m.start(), "the regex covers every char");
      out.add(m.group());
      end = m.end();
    }
    assertEquals(text.length(), end);
    return out;
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints().forEach(cp -> sb.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp)
        : String.format("\\u{%X}", cp)));
    return sb.append('"').toString();
  }
}
