package io.megaspark.chunking.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.ChunkingException;
import io.megaspark.chunking.Samples;
import io.megaspark.chunking.block.BlockSpec;
import io.megaspark.chunking.block.BlockSplitter;
import io.megaspark.chunking.block.TokenBlock;
import io.megaspark.chunking.tokenize.Gpt2Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockFileTest {
  private static final BlockSpec SPEC = new BlockSpec(64, 4); // T = 256

  @TempDir Path tmp;

  @Test
  void blocksOfEverySampleReadBackIdenticallyAcrossManyBatches() throws IOException {
    Tokenizer gpt2 = Gpt2Tokenizer.instance();
    List<TokenBlock> written = new ArrayList<>();
    for (Path p : Samples.files()) {
      String docId = "samples/" + p.getFileName();
      new BlockSplitter(docId, gpt2.open(Files.newInputStream(p)), SPEC).forEachRemaining(written::add);
    }
    written.add(new TokenBlock("empty \u00E9\u4E2D \uD83D\uDE00", 0, 0, new int[] {50256, 50256}, true));
    Path file = tmp.resolve("blocks.arrow");
    BlockFileHeader header = new BlockFileHeader("gpt2", SPEC);
    try (BlockFileWriter w = BlockFileWriter.create(file, header, 100, 10_000)) {
      written.forEach(w::write);
      assertEquals(written.size(), w.blocksWritten());
      // 10,000 tokens per batch at most, 39 blocks of 256: about written.size() / 39 batches so far.
      assertTrue(w.batchesWritten() >= written.size() / 40, "bounded batches: " + w.batchesWritten());
    }
    try (BlockFileReader r = BlockFileReader.open(file)) {
      assertEquals(header, r.header());
      List<TokenBlock> read = new ArrayList<>();
      r.forEachRemaining(read::add);
      assertEquals(written, read);
    }
  }

  @Test
  void fileWithNoBlocksReadsBackEmpty() {
    Path file = tmp.resolve("empty.arrow");
    BlockFileWriter.create(file, new BlockFileHeader("bytes", SPEC)).close();
    assertEquals(List.of(), BlockFileReader.readAll(file));
  }

  @Test
  void write_blockOfTheWrongLength_isRejected() {
    Path file = tmp.resolve("bad.arrow");
    try (BlockFileWriter w = BlockFileWriter.create(file, new BlockFileHeader("bytes", SPEC))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> w.write(new TokenBlock("d", 0, 0, new int[10], false)));
      assertEquals("block d#0 has 10 tokens; blocks of " + file + " hold 256 tokens, only a document's last"
          + " block may hold fewer", e.getMessage());
    }
  }

  @Test
  void open_textFile_isNotABlockFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "just some text, not Arrow at all\n");
    ChunkingException e = assertThrows(ChunkingException.class, () -> BlockFileReader.open(file));
    assertTrue(e.getMessage().startsWith("not a Megaspark block file: " + file + ": "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; block files are Arrow IPC files written by BlockFileWriter with the"
        + " schema in docs/formats.md (\"Arrow block files\"); regenerate the file with the current version,"
        + " or point at the right file"), e.getMessage());
  }

  @Test
  void open_arrowFileWithOtherColumns_namesTheColumns() throws IOException {
    Path file = tmp.resolve("other.arrow");
    Schema other = new Schema(List.of(new Field("x", FieldType.notNullable(new ArrowType.Int(32, true)), null)),
        Map.of());
    try (RootAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(other, allocator);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      w.start();
      ((IntVector) root.getVector("x")).allocateNew(1);
      ((IntVector) root.getVector("x")).set(0, 7);
      root.setRowCount(1);
      w.writeBatch();
      w.end();
    }
    ChunkingException e = assertThrows(ChunkingException.class, () -> BlockFileReader.open(file));
    assertTrue(e.getMessage().startsWith("not a Megaspark block file: " + file + ": columns are [x: Int(32,"
        + " true) not null], expected [doc_id: Utf8 not null"), e.getMessage());
  }

  @Test
  void open_missingFile_saysItCannotBeRead() {
    Path file = tmp.resolve("missing.arrow");
    ChunkingException e = assertThrows(ChunkingException.class, () -> BlockFileReader.open(file));
    assertEquals("cannot read block file " + file + ": " + file + "; the disk may be full or the path not"
        + " writable/readable; check the path and free space, then rerun", e.getMessage());
  }

  @Test
  void docIdsKeepTheirUnicode() {
    Path file = tmp.resolve("unicode.arrow");
    TokenBlock b = new TokenBlock("caf\u00E9/\u6587\u66F8", 3, 768, new int[] {1, 2, 3}, true);
    try (BlockFileWriter w = BlockFileWriter.create(file, new BlockFileHeader("bytes", SPEC))) {
      w.write(b);
    }
    assertEquals(List.of(b), BlockFileReader.readAll(file));
    assertEquals("caf\u00E9/\u6587\u66F8".getBytes(StandardCharsets.UTF_8).length, 12);
  }
}
