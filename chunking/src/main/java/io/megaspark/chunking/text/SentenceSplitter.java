package io.megaspark.chunking.text;

import io.megaspark.chunking.ChunkingErrors;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.sentdetect.SentenceDetectorME;
import opennlp.tools.sentdetect.SentenceModel;
import opennlp.tools.util.Span;

/**
 * English sentence splitting with Apache OpenNLP's sentence model (trained on the Universal Dependencies
 * English Web Treebank; artifact {@code opennlp-models-sentdetect-en} 1.3.0, built for opennlp-tools
 * 2.5.4). For the summarize job.
 *
 * <p>Thread-safe: the model is shared and immutable, while OpenNLP's {@link SentenceDetectorME} keeps
 * per-call state, so each thread gets its own detector.
 */
public final class SentenceSplitter {
  /** The model file inside the artifact's jar (see its model.properties). */
  static final String MODEL_RESOURCE = "/opennlp-en-ud-ewt-sentence-1.3-2.5.4.bin";

  private static final class Holder {
    static final SentenceSplitter ENGLISH = new SentenceSplitter(loadModel());
  }

  private final ThreadLocal<SentenceDetectorME> detector;

  private SentenceSplitter(SentenceModel model) {
    this.detector = ThreadLocal.withInitial(() -> new SentenceDetectorME(model));
  }

  /**
   * The shared English splitter; the model (20 KB) loads on first use.
   *
   * @throws io.megaspark.chunking.ChunkingException if the model is not on the class path
   */
  public static SentenceSplitter english() {
    return Holder.ENGLISH;
  }

  private static SentenceModel loadModel() {
    try (InputStream in = SentenceSplitter.class.getResourceAsStream(MODEL_RESOURCE)) {
      if (in == null) {
        throw ChunkingErrors.sentenceModelMissing(MODEL_RESOURCE, null);
      }
      return new SentenceModel(in);
    } catch (IOException e) {
      throw ChunkingErrors.sentenceModelMissing(MODEL_RESOURCE, e);
    }
  }

  /** The sentences of a text, in order, with char and UTF-8 byte offsets; whitespace between is dropped. */
  public List<Sentence> split(String text) {
    Span[] spans = detector.get().sentPosDetect(text);
    List<Sentence> out = new ArrayList<>(spans.length);
    int charPos = 0;
    long bytePos = 0;
    for (Span s : spans) {
      bytePos += utf8Length(text, charPos, s.getStart());
      long byteStart = bytePos;
      bytePos += utf8Length(text, s.getStart(), s.getEnd());
      charPos = s.getEnd();
      out.add(new Sentence(text.substring(s.getStart(), s.getEnd()), s.getStart(), s.getEnd(), byteStart, bytePos));
    }
    return out;
  }

  /**
   * Bytes of text[from, to) in UTF-8, as {@code String.getBytes(UTF_8)} counts them (a lone surrogate
   * becomes one '?'). Offsets never fall inside a pair: OpenNLP cuts between code points.
   */
  static long utf8Length(String text, int from, int to) {
    long n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n += 1;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
