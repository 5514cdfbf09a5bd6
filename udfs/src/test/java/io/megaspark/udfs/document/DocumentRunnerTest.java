package io.megaspark.udfs.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.udfs.TinyModels;
import io.megaspark.udfs.UdfException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-document runner against plain one-pass oracles of the float64 reference model. */
class DocumentRunnerTest {
  @TempDir static Path dir;
  static ReferenceDocumentModel reference;
  static TensorFlowDocumentModel tensorFlow;
  static Tokenizer tokenizer;
  static final String TEXT = TinyModels.text(12, 3);

  @BeforeAll
  static void load() {
    Path model = TinyModels.save(dir.resolve("tiny"), 11);
    MegalodonConfig cfg = MegalodonConfig.load(model.resolve("config.json"));
    MegalodonWeights w = MegalodonWeights.load(model, cfg);
    reference = new ReferenceDocumentModel(w);
    tensorFlow = new TensorFlowDocumentModel(MegalodonModel.of(cfg, w, ModelOptions.threads(1)));
    tokenizer = reference.tokenizer();
  }

  @AfterAll
  static void close() {
    tensorFlow.close();
  }

  /** BOS + text as one block from the initial state: the whole document in one reference pass. */
  static RowOutput onePass(String text, boolean targets, boolean hidden) {
    int[] s = BlockFeed.stream(tokenizer, text);
    int[] next = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      next[i] = i + 1 < s.length ? s[i + 1] : tokenizer.eosId();
    }
    return reference.forward(reference.initialState(), s, s.length, new RowRequest(targets ? next : null, hidden, false));
  }

  static double onePassNll(String text) {
    float[] lp = onePass(text, true, false).targetLogProbs();
    double nll = 0;
    for (float x : lp) {
      nll -= x;
    }
    return nll;
  }

  @Test
  void score_carriedAcrossBlocks_matchesOnePassOfTheReference() {
    DocumentScore s = new DocumentRunner(reference, 32, true, "tiny").score(TEXT);
    int bytes = TEXT.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes > 5 * 32, "the text spans several blocks");
    assertEquals(bytes, s.tokens()); // byte tokenizer: one token per byte
    assertEquals(bytes, s.bytes());
    // float32 state between blocks: 1e-5 per token on the log-probabilities (MODEL.md invariant 1)
    assertEquals(onePassNll(TEXT), s.nll(), 1e-5 * s.predicted());
    assertEquals(Math.exp(s.nll() / (bytes + 1)), s.ppl(), 0);
    assertEquals(s.nll() / Math.log(2) / bytes, s.bitsPerByte(), 0);
  }

  @Test
  void score_tensorFlow_matchesReference() {
    DocumentScore tf = new DocumentRunner(tensorFlow, 64, true, "tiny").score(TEXT);
    DocumentScore ref = new DocumentRunner(reference, 64, true, "tiny").score(TEXT);
    assertEquals(ref.tokens(), tf.tokens());
    assertEquals(ref.nll() / ref.predicted(), tf.nll() / tf.predicted(), 1e-4); // float32 TF vs float64, per token
  }

  @Test
  void score_withoutCarriedState_equalsScoringEveryBlockFromTheInitialState() {
    int t = 32;
    DocumentScore reset = new DocumentRunner(reference, t, false, "tiny").score(TEXT);
    int[] s = BlockFeed.stream(tokenizer, TEXT);
    double nll = 0;
    for (int start = 0; start < s.length; start += t) {
      int n = Math.min(t, s.length - start);
      int[] next = new int[n];
      for (int i = 0; i < n; i++) {
        next[i] = start + i + 1 < s.length ? s[start + i + 1] : tokenizer.eosId();
      }
      float[] lp = reference.forward(reference.initialState(), Arrays.copyOfRange(s, start, start + n), n,
          new RowRequest(next, false, false)).targetLogProbs();
      for (float x : lp) {
        nll -= x;
      }
    }
    assertEquals(nll, reset.nll(), 0); // the same float64 passes, summed in the same order
    assertNotEquals(new DocumentRunner(reference, t, true, "tiny").score(TEXT).nll(), reset.nll());
  }

  @Test
  void score_emptyText_predictsOnlyEosAfterBos() {
    DocumentScore s = new DocumentRunner(reference, 16, true, "tiny").score("");
    assertEquals(0, s.tokens());
    assertEquals(1, s.predicted());
    assertNull(s.bitsPerByte());
    assertEquals(onePassNll(""), s.nll(), 0);
  }

  @Test
  void embed_isTheMeanFinalHiddenStateOverEveryPosition() {
    float[] e = new DocumentRunner(reference, 32, true, "tiny").embed(TEXT);
    float[][] hidden = onePass(TEXT, false, true).hidden();
    assertEquals(64, e.length);
    for (int d = 0; d < e.length; d++) {
      double sum = 0;
      for (float[] h : hidden) {
        sum += h[d];
      }
      assertEquals(sum / hidden.length, e[d], 1e-4, "dim " + d); // float32 state between blocks
    }
  }

  @Test
  void summarize_returnsKSentencesVerbatimInDocumentOrder() {
    List<String> picked = new DocumentRunner(reference, 64, true, "tiny").summarize(TEXT, 3, 0.7);
    assertEquals(3, picked.size());
    int last = -1;
    for (String sentence : picked) {
      int at = TEXT.indexOf(sentence);
      assertTrue(at > last, sentence + " comes after the previous pick");
      assertTrue(sentence.endsWith("."), sentence);
      last = at;
    }
    assertEquals(picked, new DocumentRunner(tensorFlow, 64, true, "tiny").summarize(TEXT, 3, 0.7));
  }

  @Test
  void summarize_moreSentencesWantedThanTheTextHas_returnsEverySentence() {
    DocumentRunner r = new DocumentRunner(reference, 16, true, "tiny");
    assertEquals(List.of("One cat sat.", "Two dogs ran!"), r.summarize("One cat sat. Two dogs ran!", 5, 0.7));
    assertEquals(List.of(), r.summarize("", 2, 0.7));
  }

  @Test
  void blockTokens_notAMultipleOfTheChunk_failsNamingTheRule() {
    UdfException e = assertThrows(UdfException.class, () -> new DocumentRunner(reference, 40, true, "/m/tiny"));
    assertEquals("bad value for spark.megaspark.blockTokens: 40 is not a multiple of the chunk size 16 of model"
        + " /m/tiny (blocks end on chunk boundaries, so no attention state is carried between blocks); use a"
        + " multiple of 16, or 0 for automatic", e.getMessage());
    assertEquals(2048, new DocumentRunner(reference, 0, true, "tiny").blockTokens());
  }

  @Test
  void tokens_byteTokenizer_countsUtf8Bytes() {
    assertEquals(6, new DocumentRunner(reference, 16, true, "tiny").tokens("héllo"));
    assertArrayEquals(new int[] {tokenizer.bosId()}, BlockFeed.stream(tokenizer, ""));
  }
}
