package io.megaspark.chunking.block;

import io.megaspark.chunking.ChunkingErrors;
import io.megaspark.chunking.tokenize.TokenSource;
import io.megaspark.chunking.tokenize.TokenizeStats;
import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Cuts a document's token stream into {@link TokenBlock}s of T tokens, lazily: it holds at most two
 * blocks (the one handed out and the one read ahead to know whether it was the last), so a document of
 * any length streams in O(T) memory.
 *
 * <p>Read errors surface as {@link io.megaspark.chunking.BadRecordException} (reason UNREADABLE, naming the
 * document and byte offset), and a binary input guarded by {@code TextInspector} as its own bad record;
 * the caller applies its fail|skip policy. Not thread-safe; closing it closes the source.
 */
public final class BlockSplitter implements Iterator<TokenBlock>, Closeable {
  private final String docId;
  private final TokenSource source;
  private final int blockLength;
  private int nextIndex;
  private long nextFirstToken;
  private int[] ahead;
  private boolean sourceEnded;

  /** Blocks of a whole document (or of a stream starting at the document's first token). */
  public BlockSplitter(String docId, TokenSource source, BlockSpec spec) {
    this(docId, source, spec, 0);
  }

  /**
   * Blocks of a stream whose first token is token {@code firstToken} of the document, for a document
   * processed in several contiguous token ranges (DESIGN.md mode 2). firstToken must be a multiple of T.
   * The final block is marked last only if the stream ends with EOS.
   */
  public BlockSplitter(String docId, TokenSource source, BlockSpec spec, long firstToken) {
    this.docId = Objects.requireNonNull(docId, "docId");
    this.source = Objects.requireNonNull(source, "source");
    this.blockLength = spec.blockLength();
    if (firstToken < 0 || firstToken % blockLength != 0) {
      throw new IllegalArgumentException(
          "firstToken: " + firstToken + ", must be a multiple of the block length " + blockLength);
    }
    long index = firstToken / blockLength;
    if (index > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("firstToken: " + firstToken + " gives a block index over 2^31");
    }
    this.nextIndex = (int) index;
    this.nextFirstToken = firstToken;
  }

  @Override
  public boolean hasNext() {
    if (ahead == null) {
      ahead = readBlock();
    }
    return ahead.length > 0;
  }

  @Override
  public TokenBlock next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more blocks in " + docId);
    }
    int[] tokens = ahead;
    ahead = readBlock();
    boolean last = ahead.length == 0 && source.framing().eos();
    TokenBlock block = new TokenBlock(docId, nextIndex, nextFirstToken, tokens, last);
    nextIndex++;
    nextFirstToken += tokens.length;
    return block;
  }

  /** Up to T tokens; fewer only at the end of the stream; empty when the stream is exhausted. */
  private int[] readBlock() {
    if (sourceEnded) {
      return new int[0];
    }
    int[] buf = new int[blockLength];
    int n = 0;
    try {
      while (n < blockLength) {
        int r = source.read(buf, n, blockLength - n);
        if (r < 0) {
          sourceEnded = true;
          break;
        }
        n += r;
      }
    } catch (IOException e) {
      throw ChunkingErrors.unreadable(docId, source.stats().bytesRead(), e);
    }
    return n == blockLength ? buf : Arrays.copyOf(buf, n);
  }

  /** The source's counters (bytes read, tokens, UTF-8 replacements, forced BPE cuts) so far. */
  public TokenizeStats stats() {
    return source.stats();
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
