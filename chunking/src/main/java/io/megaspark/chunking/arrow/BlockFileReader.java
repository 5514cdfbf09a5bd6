package io.megaspark.chunking.arrow;

import io.megaspark.chunking.ChunkingErrors;
import io.megaspark.chunking.ChunkingException;
import io.megaspark.chunking.block.TokenBlock;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;

/**
 * Reads a block file written by {@link BlockFileWriter}, one record batch in memory at a time. Checks the
 * schema and format version first and fails with a message naming the file. Not thread-safe.
 */
public final class BlockFileReader implements Iterator<TokenBlock>, Closeable {
  private final Path path;
  private final BufferAllocator allocator;
  private final FileChannel channel;
  private final ArrowFileReader reader;
  private final BlockFileHeader header;
  private VectorSchemaRoot root;
  private int row;
  private int rows;
  private boolean closed;

  private BlockFileReader(Path path, BufferAllocator allocator, FileChannel channel, ArrowFileReader reader,
      VectorSchemaRoot root) {
    this.path = path;
    this.allocator = allocator;
    this.channel = channel;
    this.reader = reader;
    this.root = root;
    this.header = BlockFileSchema.header(root.getSchema().getCustomMetadata());
  }

  /**
   * Opens a block file.
   *
   * @throws io.megaspark.chunking.ChunkingException if the file cannot be read or is not a block file
   */
  public static BlockFileReader open(Path path) {
    BufferAllocator allocator = new RootAllocator();
    FileChannel channel = null;
    ArrowFileReader reader = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
      reader = new ArrowFileReader(channel, allocator);
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      String problem = BlockFileSchema.check(root.getSchema());
      if (problem != null) {
        throw ChunkingErrors.notABlockFile(path.toString(), problem);
      }
      return new BlockFileReader(path, allocator, channel, reader, root);
    } catch (IOException | RuntimeException e) {
      closeAfterFailedOpen(reader, channel, allocator, e);
      if (e instanceof ChunkingException c) {
        throw c;
      }
      if (e instanceof FileSystemException f) {
        throw ChunkingErrors.blockFileIo(path.toString(), "read", f);
      }
      throw ChunkingErrors.notABlockFile(path.toString(), e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static void closeAfterFailedOpen(
      ArrowFileReader reader, FileChannel channel, BufferAllocator allocator, Exception failure) {
    try {
      if (reader != null) {
        reader.close();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
    allocator.close();
  }

  /** Every block of a file, in order: for small files and tests. */
  public static List<TokenBlock> readAll(Path path) {
    List<TokenBlock> out = new ArrayList<>();
    try (BlockFileReader r = open(path)) {
      r.forEachRemaining(out::add);
    }
    return out;
  }

  public BlockFileHeader header() {
    return header;
  }

  @Override
  public boolean hasNext() {
    while (row == rows) {
      try {
        if (!reader.loadNextBatch()) {
          return false;
        }
        root = reader.getVectorSchemaRoot();
      } catch (IOException e) {
        throw ChunkingErrors.notABlockFile(path.toString(), "corrupt record batch: " + e.getMessage());
      }
      row = 0;
      rows = root.getRowCount();
    }
    return true;
  }

  @Override
  public TokenBlock next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more blocks in " + path);
    }
    ListVector tokens = (ListVector) root.getVector(BlockFileSchema.TOKENS);
    IntVector items = (IntVector) tokens.getDataVector();
    int start = tokens.getElementStartIndex(row);
    int[] ids = new int[tokens.getElementEndIndex(row) - start];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = items.get(start + i);
    }
    TokenBlock b = new TokenBlock(
        new String(((VarCharVector) root.getVector(BlockFileSchema.DOC_ID)).get(row), StandardCharsets.UTF_8),
        ((IntVector) root.getVector(BlockFileSchema.BLOCK_INDEX)).get(row),
        ((BigIntVector) root.getVector(BlockFileSchema.FIRST_TOKEN)).get(row),
        ids,
        ((BitVector) root.getVector(BlockFileSchema.LAST)).get(row) == 1);
    row++;
    return b;
  }

  /** Releases the file and the Arrow memory. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (allocator; channel) {
      reader.close();
    } catch (IOException e) {
      throw ChunkingErrors.blockFileIo(path.toString(), "close", e);
    }
  }
}
