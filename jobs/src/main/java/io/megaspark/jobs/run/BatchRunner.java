package io.megaspark.jobs.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * Runs the documents of one partition through the model with continuous batching (DESIGN.md, mode 1).
 *
 * <p>Up to {@code batchSize} documents are open at once, one per slot. Each step:
 *
 * <ol>
 *   <li>every open document that is still streaming contributes its next piece (block k of document a
 *       next to block j of document b: rows are independent, each with its own state);
 *   <li>one model call runs those rows ([B, T], short last pieces padded, their valid lengths passed);
 *   <li>each row's outputs are folded into its document, and its state moves to the next block;
 *   <li>documents that generate after their text contribute one row each to a second call of one chunk
 *       ([B, C]) per step (see {@link Generation});
 *   <li>a finished document yields its result row and frees its slot for the next document.
 * </ol>
 *
 * Memory is the open documents' states, pieces and folds: independent of document lengths. Results come
 * out in finishing order; jobs sort them by document id when they write.
 *
 * @param <S> the model's state type
 */
public final class BatchRunner<S> implements Iterator<Row>, AutoCloseable {
  private final BlockModel<S> model;
  private final Iterator<StreamInput> documents;
  private final RunSettings settings;
  private final FoldNeeds needs;
  private final int eos;
  private final RunProgress progress;
  private final List<Slot<S>> slots = new ArrayList<>();
  private final ArrayDeque<Row> finished = new ArrayDeque<>();
  private final int chunk;

  /**
   * @param eos the end-of-stream token (target of each document's last position)
   */
  public BatchRunner(BlockModel<S> model, Iterator<StreamInput> documents, RunSettings settings, FoldNeeds needs,
      int eos, RunProgress progress) {
    this.model = model;
    this.documents = documents;
    this.settings = settings;
    this.needs = needs;
    this.eos = eos;
    this.progress = progress;
    this.chunk = model.info().chunkSize();
    if (settings.blockTokens() % chunk != 0) {
      throw new IllegalArgumentException("block-tokens: got " + settings.blockTokens()
          + ", must be a multiple of the model's chunk size " + chunk);
    }
  }

  @Override
  public boolean hasNext() {
    while (finished.isEmpty() && step()) {
      // each step runs one batch; results appear when documents end
    }
    return !finished.isEmpty();
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return finished.poll();
  }

  /** Runs one step; false when every document is done. */
  private boolean step() {
    while (slots.size() < settings.batchSize() && documents.hasNext()) {
      slots.add(open(documents.next()));
    }
    if (slots.isEmpty()) {
      return false;
    }
    List<Slot<S>> streaming = new ArrayList<>();
    List<Slot<S>> generating = new ArrayList<>();
    for (Slot<S> s : slots) {
      (s.generation == null ? streaming : generating).add(s);
    }
    if (!streaming.isEmpty()) {
      runStreaming(streaming);
    }
    if (!generating.isEmpty()) {
      runGeneration(generating);
    }
    slots.removeIf(s -> s.done);
    return true;
  }

  private Slot<S> open(StreamInput in) {
    GenerationRequest generation = in.fold().generation();
    // Generation and the state store continue from the last chunk boundary, so they need it split off.
    boolean split = needs.boundaryState() || generation != null;
    PieceStream pieces = new PieceStream(in.tokens(), eos, in.startPosition(), in.scoreFrom(),
        settings.blockTokens(), chunk, split);
    S state = in.initialState() == null ? model.initialState() : model.fromBytes(in.initialState());
    return new Slot<>(in, pieces, state, generation);
  }

  private void runStreaming(List<Slot<S>> rows) {
    int b = rows.size();
    int t = settings.blockTokens();
    int[][] tokens = new int[b][t];
    int[][] targets = needs.targets() ? new int[b][t] : null;
    int[] valid = new int[b];
    List<S> states = new ArrayList<>(b);
    Piece[] pieces = new Piece[b];
    for (int i = 0; i < b; i++) {
      Slot<S> s = rows.get(i);
      Piece p = s.pieces.next();
      pieces[i] = p;
      System.arraycopy(p.tokens(), 0, tokens[i], 0, p.length());
      if (targets != null) {
        Arrays.fill(targets[i], -1);
        System.arraycopy(p.targets(), 0, targets[i], 0, p.length());
      }
      valid[i] = p.length();
      boolean reset = !settings.carryState() && p.blockStart() && p.position() > 0;
      states.add(reset ? model.initialState() : s.state);
    }
    BlockResult<S> out = model.forward(states, tokens, valid,
        new BlockRequest(false, targets, needs.hidden(), needs.hiddenMean()));
    for (int i = 0; i < b; i++) {
      Slot<S> s = rows.get(i);
      Piece p = pieces[i];
      s.in.fold().accept(p, out, i);
      progress.tokens(p.length());
      S before = states.get(i);
      s.state = out.states().get(i);
      if (p.last()) {
        endStream(s, before, p);
      }
    }
  }

  /** The stream is done: start generating, or finish. */
  private void endStream(Slot<S> s, S boundary, Piece last) {
    s.streamLength = last.position() + last.length();
    s.boundary = boundary;
    s.tail = last.tokens();
    GenerationRequest g = s.request;
    if (g == null) {
      finish(s, new int[0]);
    } else {
      s.generation = new Generation<>(g, chunk, boundary, last.tokens());
    }
  }

  private void runGeneration(List<Slot<S>> rows) {
    int b = rows.size();
    int[][] tokens = new int[b][chunk];
    int[] valid = new int[b];
    List<S> states = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      Generation<S> g = rows.get(i).generation;
      int[] row = g.nextRow();
      System.arraycopy(row, 0, tokens[i], 0, row.length);
      valid[i] = row.length;
      states.add(g.boundary());
    }
    BlockResult<S> out = model.forward(states, tokens, valid, new BlockRequest(true, null, false, false));
    for (int i = 0; i < b; i++) {
      Slot<S> s = rows.get(i);
      s.generation.accept(out.logits()[i], out.states().get(i), eos);
      if (s.generation.done()) {
        finish(s, s.generation.generated());
      }
    }
  }

  /** Closes the inputs of documents still open (a failed or cancelled task). */
  @Override
  public void close() {
    for (Slot<S> s : slots) {
      closeInput(s);
    }
    slots.clear();
  }

  private static <S> void closeInput(Slot<S> s) {
    if (s.in.resource() != null) {
      try {
        s.in.resource().close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close the input of document " + s.in.docId(), e);
      }
    }
  }

  private void finish(Slot<S> s, int[] generated) {
    float[] summary = needs.stateSummary() ? model.stateSummary(s.state) : null;
    byte[] boundary = needs.boundaryState() ? model.toBytes(s.boundary) : null;
    int[] tail = needs.boundaryState() ? s.tail : null;
    finished.add(s.in.fold().finish(new DocumentEnd(s.streamLength, generated, summary, boundary, tail)));
    s.done = true;
    progress.document();
    closeInput(s);
  }

  /** One open document. */
  private static final class Slot<S> {
    final StreamInput in;
    final PieceStream pieces;
    S state;
    S boundary;
    int[] tail;
    long streamLength;
    final GenerationRequest request;
    Generation<S> generation;
    boolean done;

    Slot(StreamInput in, PieceStream pieces, S state, GenerationRequest request) {
      this.in = in;
      this.pieces = pieces;
      this.state = state;
      this.request = request;
    }
  }
}
