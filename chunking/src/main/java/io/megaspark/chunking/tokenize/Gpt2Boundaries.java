package io.megaspark.chunking.tokenize;

/**
 * Where GPT-2's pre-tokenizer always cuts, judged from the two code points around a position alone.
 *
 * <p>GPT-2 (and jtokkit's r50k_base) first cuts text into pieces with the regex
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} (Unicode classes),
 * then applies BPE inside each piece; no merge crosses a piece. So if the regex, run on the whole text,
 * ends a piece at position p, and run on text[0, p) and text[p, n) separately finds the same pieces,
 * encoding the two halves and concatenating gives exactly the whole text's tokens. That holds at p when,
 * with a = the code point before p and b = the code point at p:
 *
 * <ol>
 *   <li>a is not whitespace and b is whitespace: no alternative continues a non-space piece with a space,
 *       and the only lookahead, {@code \s+(?!\S)}, never looks past a whitespace run that ends before a;
 *   <li>neither is whitespace, they are of different classes (letter, number, other), and a is not the
 *       apostrophe: each class's run stops at a class change, and a contraction ({@code 's}, ...) ends in a
 *       letter and starts with the apostrophe, which must not be cut from its letters.
 * </ol>
 *
 * A space before a word (" word") is never cut from the word: a whitespace a is never a split. The regex
 * has no lookbehind, so the text after p is cut the same with or without the text before it. The test
 * {@code Gpt2BoundariesTest} checks these rules against the regex and against jtokkit on random text.
 */
final class Gpt2Boundaries {
  private Gpt2Boundaries() {}

  private static final int WHITESPACE = 0;
  private static final int LETTER = 1;
  private static final int NUMBER = 2;
  private static final int OTHER = 3;

  /** The White_Space property, which is what {@code \s} means under UNICODE_CHARACTER_CLASS. */
  static boolean isWhitespace(int cp) {
    if (cp <= 0x20) {
      return cp == 0x20 || cp >= 0x09 && cp <= 0x0D;
    }
    if (cp < 0x85) {
      return false;
    }
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || cp >= 0x2000 && cp <= 0x200A || cp == 0x2028
        || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  }

  static int kind(int cp) {
    if (isWhitespace(cp)) {
      return WHITESPACE;
    }
    if (cp < 0x80) {
      if (cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z') {
        return LETTER;
      }
      return cp >= '0' && cp <= '9' ? NUMBER : OTHER;
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
      case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
      default -> OTHER;
    };
  }

  /** Whether text may be cut between code point a and code point b (rules 1 and 2 above). */
  static boolean isSafe(int a, int b) {
    int ka = kind(a);
    if (ka == WHITESPACE) {
      return false;
    }
    int kb = kind(b);
    if (kb == WHITESPACE) {
      return true;
    }
    return ka != kb && a != '\'';
  }

  /**
   * The largest p in (from, to) at which text[0, to) may be cut, or -1. Never cuts a surrogate pair and
   * needs the whole code point at p, so a high surrogate at to - 1 is not judged.
   */
  static int lastSafeSplit(char[] text, int from, int to) {
    for (int p = to - 1; p > from; p--) {
      char at = text[p];
      int b;
      if (Character.isHighSurrogate(at)) {
        if (p + 1 >= to || !Character.isLowSurrogate(text[p + 1])) {
          continue;
        }
        b = Character.toCodePoint(at, text[p + 1]);
      } else if (Character.isLowSurrogate(at) && Character.isHighSurrogate(text[p - 1])) {
        continue;
      } else {
        b = at;
      }
      char before = text[p - 1];
      int a = before;
      if (Character.isLowSurrogate(before) && p >= 2 && Character.isHighSurrogate(text[p - 2])) {
        a = Character.toCodePoint(text[p - 2], before);
      }
      if (isSafe(a, b)) {
        return p;
      }
    }
    return -1;
  }
}
