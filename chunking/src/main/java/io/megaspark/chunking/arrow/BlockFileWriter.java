package io.megaspark.chunking.arrow;

import io.megaspark.chunking.ChunkingErrors;
import io.megaspark.chunking.block.TokenBlock;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * Writes {@link TokenBlock}s to an Arrow IPC file (the random-access "file" format that {@code
 * pyarrow.ipc.open_file} reads), in record batches of at most {@code maxRows} blocks and about {@code
 * maxTokens} tokens, so memory stays bounded whatever the file size. Not thread-safe. Closing it writes the
 * footer; a file whose writer was not closed is not a valid block file.
 */
public final class BlockFileWriter implements Closeable {
  public static final int DEFAULT_MAX_ROWS = 1024;
  public static final long DEFAULT_MAX_TOKENS = 1L << 22;

  private final Path path;
  private final BlockFileHeader header;
  private final int maxRows;
  private final long maxTokens;
  private final BufferAllocator allocator;
  private final VectorSchemaRoot root;
  private final FileChannel channel;
  private final ArrowFileWriter writer;
  private final List<TokenBlock> batch = new ArrayList<>();
  private long batchTokens;
  private boolean closed;
  private long blocksWritten;
  private int batchesWritten;

  private BlockFileWriter(Path path, BlockFileHeader header, int maxRows, long maxTokens) throws IOException {
    this.path = path;
    this.header = header;
    this.maxRows = maxRows;
    this.maxTokens = maxTokens;
    this.allocator = new RootAllocator();
    this.root = VectorSchemaRoot.create(BlockFileSchema.schema(header), allocator);
    this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    this.writer = new ArrowFileWriter(root, null, channel);
    writer.start();
  }

  /** A writer with the default batch bounds (1024 blocks, about 4 M tokens per batch). */
  public static BlockFileWriter create(Path path, BlockFileHeader header) {
    return create(path, header, DEFAULT_MAX_ROWS, DEFAULT_MAX_TOKENS);
  }

  /**
   * A writer that starts a new record batch after {@code maxRows} blocks or once a batch holds {@code
   * maxTokens} tokens. Overwrites an existing file.
   */
  public static BlockFileWriter create(Path path, BlockFileHeader header, int maxRows, long maxTokens) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(header, "header");
    if (maxRows < 1 || maxTokens < 1) {
      throw new IllegalArgumentException(
          "maxRows: " + maxRows + ", maxTokens: " + maxTokens + ", both must be >= 1");
    }
    try {
      return new BlockFileWriter(path, header, maxRows, maxTokens);
    } catch (IOException e) {
      throw ChunkingErrors.blockFileIo(path.toString(), "create", e);
    }
  }

  /** Appends one block; it must have the header's block length (a document's last block may be shorter). */
  public void write(TokenBlock block) {
    if (closed) {
      throw new IllegalStateException("block file writer for " + path + " is closed");
    }
    int t = header.spec().blockLength();
    int n = block.tokens().length;
    if (n > t || n < t && !block.last()) {
      throw new IllegalArgumentException("block " + block.blockId() + " has " + n + " tokens; blocks of "
          + path + " hold " + t + " tokens, only a document's last block may hold fewer");
    }
    batch.add(block);
    batchTokens += n;
    if (batch.size() >= maxRows || batchTokens >= maxTokens) {
      flush();
    }
  }

  private void flush() {
    if (batch.isEmpty()) {
      return;
    }
    fill(root, batch);
    try {
      writer.writeBatch();
    } catch (IOException e) {
      throw ChunkingErrors.blockFileIo(path.toString(), "write", e);
    }
    blocksWritten += batch.size();
    batchesWritten++;
    batch.clear();
    batchTokens = 0;
  }

  /** Fills the vectors with one batch of rows. */
  private static void fill(VectorSchemaRoot root, List<TokenBlock> rows) {
    root.allocateNew();
    VarCharVector docId = (VarCharVector) root.getVector(BlockFileSchema.DOC_ID);
    IntVector blockIndex = (IntVector) root.getVector(BlockFileSchema.BLOCK_INDEX);
    BigIntVector firstToken = (BigIntVector) root.getVector(BlockFileSchema.FIRST_TOKEN);
    ListVector tokens = (ListVector) root.getVector(BlockFileSchema.TOKENS);
    BitVector last = (BitVector) root.getVector(BlockFileSchema.LAST);
    IntVector items = (IntVector) tokens.getDataVector();
    int item = 0;
    for (int i = 0; i < rows.size(); i++) {
      TokenBlock b = rows.get(i);
      docId.setSafe(i, b.docId().getBytes(StandardCharsets.UTF_8));
      blockIndex.setSafe(i, b.blockIndex());
      firstToken.setSafe(i, b.firstToken());
      last.setSafe(i, b.last() ? 1 : 0);
      tokens.startNewValue(i);
      for (int id : b.tokens()) {
        items.setSafe(item++, id);
      }
      tokens.endValue(i, b.tokens().length);
    }
    items.setValueCount(item);
    root.setRowCount(rows.size());
  }

  public long blocksWritten() {
    return blocksWritten + batch.size();
  }

  /** Record batches written so far (the pending batch is written at close). */
  public int batchesWritten() {
    return batchesWritten;
  }

  /** Writes the last batch and the footer. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (allocator; root; channel) {
      flush();
      writer.end();
      writer.close();
    } catch (IOException e) {
      throw ChunkingErrors.blockFileIo(path.toString(), "finish", e);
    }
  }
}
