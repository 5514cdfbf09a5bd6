package io.megaspark.jobs.run;

import java.util.Arrays;

/**
 * Token-by-token generation of one document from its state, exact under chunked attention.
 *
 * <p>A state can only be continued from a chunk boundary: attention inside the current partial chunk
 * needs that chunk's earlier tokens (MODEL.md section 1.4, no key/value cache is carried). So this keeps
 * the state at the last chunk boundary and the pending tokens after it (1..C), and every step re-runs the
 * pending tokens from that state: O(C) per generated token, exact. When the pending tokens fill a chunk,
 * the state after them becomes the new boundary state.
 *
 * @param <S> the model's state type
 */
final class Generation<S> {
  private final GenerationRequest request;
  private final int chunk;
  private S boundary;
  private int[] pending;
  private int[] generated = new int[16];
  private int count;
  private boolean done;

  /**
   * @param boundary the state at the last chunk boundary of the document
   * @param tail the document's tokens after that boundary (1..C)
   */
  Generation(GenerationRequest request, int chunk, S boundary, int[] tail) {
    this.request = request;
    this.chunk = chunk;
    this.boundary = boundary;
    int[] p = Arrays.copyOf(tail, tail.length + request.prompt().length);
    System.arraycopy(request.prompt(), 0, p, tail.length, request.prompt().length);
    this.pending = p;
  }

  S boundary() {
    return boundary;
  }

  /** The tokens of the next model row: a full chunk to advance over, or the pending tokens to sample after. */
  int[] nextRow() {
    return pending.length > chunk ? Arrays.copyOf(pending, chunk) : pending;
  }

  /**
   * Takes the outputs of the row from {@link #nextRow}: advances the boundary over a full chunk, or samples
   * a token from the logits at the last pending position.
   *
   * @param logits [C][V] the row's logits
   * @param stateAfter the state after the row's tokens
   */
  void accept(float[][] logits, S stateAfter, int eos) {
    if (pending.length > chunk) {
      boundary = stateAfter;
      pending = Arrays.copyOfRange(pending, chunk, pending.length);
      return;
    }
    int next = request.sampler().sample(logits[pending.length - 1]);
    if (request.stopAtEos() && next == eos) {
      done = true;
      return;
    }
    if (count == generated.length) {
      generated = Arrays.copyOf(generated, 2 * count);
    }
    generated[count++] = next;
    done = count >= request.maxNewTokens();
    if (pending.length == chunk) {
      boundary = stateAfter;
      pending = new int[] {next};
    } else {
      pending = Arrays.copyOf(pending, pending.length + 1);
      pending[pending.length - 1] = next;
    }
  }

  boolean done() {
    return done;
  }

  int[] generated() {
    return Arrays.copyOf(generated, count);
  }
}
