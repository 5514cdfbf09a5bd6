package io.megaspark.jobs.passkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasskeyPromptsTest {
  private static final Tokenizer BYTES = Tokenizers.byName("bytes");

  @Test
  void keys_areDeterministicPerSeedAndDifferAcrossTrials() {
    assertEquals(PasskeyPrompt.of(4096, 50, 1, 7), PasskeyPrompt.of(4096, 50, 1, 7));
    assertNotEquals(PasskeyPrompt.of(4096, 50, 1, 7).key(), PasskeyPrompt.of(4096, 50, 2, 7).key());
    assertNotEquals(PasskeyPrompt.of(4096, 50, 1, 7).key(), PasskeyPrompt.of(4096, 50, 1, 8).key());
  }

  @Test
  void id_roundTripsWithTheSeed() {
    PasskeyPrompt p = PasskeyPrompt.of(1048576, 25, 3, 99);
    assertEquals("passkey-L1048576-D025-T03", p.id());
    assertEquals(p, PasskeyPrompt.fromId(p.id(), 99));
  }

  @Test
  void plan_coversEveryLengthDepthAndTrialInOrder() {
    List<PasskeyPrompt> plan = PasskeyPrompts.plan(new int[] {1024, 2048}, new int[] {0, 100}, 3, 1);
    assertEquals(12, plan.size());
    assertEquals("passkey-L0001024-D000-T00", plan.get(0).id());
    assertEquals("passkey-L0002048-D100-T02", plan.get(11).id());
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 1024, 4096, 65536})
  void byteTokenizerLength_isWithinOneFillerUnitBelowTheTarget(int length) {
    String text = PasskeyPrompts.text(PasskeyPrompt.of(length, 50, 0, 5), BYTES);
    int stream = 1 + BYTES.encode(text).length; // BOS + text
    assertTrue(stream <= length && stream > length - PasskeyPrompts.FILLER.length(),
        "stream " + stream + " for target " + length);
  }

  @Test
  void depthZero_putsTheKeyFirst_andHundredRightBeforeTheQuestion() {
    PasskeyPrompt first = PasskeyPrompt.of(1024, 0, 0, 5);
    PasskeyPrompt last = PasskeyPrompt.of(1024, 100, 0, 5);
    assertTrue(PasskeyPrompts.text(first, BYTES).startsWith(PasskeyPrompts.keySentence(first.keyText())));
    assertTrue(PasskeyPrompts.text(last, BYTES).endsWith(PasskeyPrompts.keySentence(last.keyText())
        + PasskeyPrompts.QUESTION));
  }

  @Test
  void depthFifty_splitsTheFillerInHalves() {
    PasskeyPrompt p = PasskeyPrompt.of(4096, 50, 0, 5);
    String text = PasskeyPrompts.text(p, BYTES);
    String[] parts = text.split(java.util.regex.Pattern.quote(PasskeyPrompts.keySentence(p.keyText())));
    int before = parts[0].length() / PasskeyPrompts.FILLER.length();
    int after = (parts[1].length() - PasskeyPrompts.QUESTION.length()) / PasskeyPrompts.FILLER.length();
    assertTrue(Math.abs(before - after) <= 1, before + " units before, " + after + " after");
  }

  @Test
  void badDepth_isRefusedWithTheRule() {
    var e = assertThrows(IllegalArgumentException.class, () -> new PasskeyPrompt(10, 101, 0, 12345));
    assertEquals("depth: got 101, must be a percentage in 0..100", e.getMessage());
  }
}
