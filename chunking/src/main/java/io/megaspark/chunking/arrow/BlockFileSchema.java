package io.megaspark.chunking.arrow;

import io.megaspark.chunking.block.BlockSpec;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow schema of block files (docs/formats.md, "Arrow block files"): one row per {@code TokenBlock}.
 *
 * <pre>
 * doc_id       utf8            not null
 * block_index  int32           not null
 * first_token  int64           not null
 * tokens       list&lt;int32&gt;     not null (items not null; child field "item", pyarrow's default)
 * last         bool            not null
 * </pre>
 *
 * Schema metadata: {@code megaspark.format = token-blocks}, {@code megaspark.format.version = 1},
 * {@code megaspark.tokenizer}, {@code megaspark.chunk_size}, {@code megaspark.chunks_per_block}.
 */
public final class BlockFileSchema {
  public static final String DOC_ID = "doc_id";
  public static final String BLOCK_INDEX = "block_index";
  public static final String FIRST_TOKEN = "first_token";
  public static final String TOKENS = "tokens";
  public static final String LAST = "last";

  public static final String FORMAT_KEY = "megaspark.format";
  public static final String FORMAT = "token-blocks";
  public static final String VERSION_KEY = "megaspark.format.version";
  public static final String VERSION = "1";
  public static final String TOKENIZER_KEY = "megaspark.tokenizer";
  public static final String CHUNK_SIZE_KEY = "megaspark.chunk_size";
  public static final String CHUNKS_PER_BLOCK_KEY = "megaspark.chunks_per_block";

  private BlockFileSchema() {}

  /** The columns, without metadata: what a reader compares against. */
  public static List<Field> fields() {
    Field item = new Field("item", FieldType.notNullable(new ArrowType.Int(32, true)), null);
    return List.of(
        new Field(DOC_ID, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
        new Field(BLOCK_INDEX, FieldType.notNullable(new ArrowType.Int(32, true)), null),
        new Field(FIRST_TOKEN, FieldType.notNullable(new ArrowType.Int(64, true)), null),
        new Field(TOKENS, FieldType.notNullable(ArrowType.List.INSTANCE), List.of(item)),
        new Field(LAST, FieldType.notNullable(ArrowType.Bool.INSTANCE), null));
  }

  /** The full schema of a file with this header. */
  public static Schema schema(BlockFileHeader header) {
    return new Schema(fields(), Map.of(
        FORMAT_KEY, FORMAT,
        VERSION_KEY, VERSION,
        TOKENIZER_KEY, header.tokenizer(),
        CHUNK_SIZE_KEY, Integer.toString(header.spec().chunkSize()),
        CHUNKS_PER_BLOCK_KEY, Integer.toString(header.spec().chunksPerBlock())));
  }

  /** Reads the header back from a schema, or explains what is wrong with it (null if fine). */
  static String check(Schema schema) {
    if (!fields().equals(schema.getFields())) {
      return "columns are " + schema.getFields() + ", expected " + fields();
    }
    Map<String, String> meta = schema.getCustomMetadata();
    if (!FORMAT.equals(meta.get(FORMAT_KEY))) {
      return "schema metadata " + FORMAT_KEY + " is " + meta.get(FORMAT_KEY) + ", expected " + FORMAT;
    }
    if (!VERSION.equals(meta.get(VERSION_KEY))) {
      return "format version " + meta.get(VERSION_KEY) + ", this reader knows version " + VERSION;
    }
    try {
      header(meta);
    } catch (RuntimeException e) {
      return "bad header metadata " + meta + ": " + e.getMessage();
    }
    return null;
  }

  static BlockFileHeader header(Map<String, String> meta) {
    return new BlockFileHeader(meta.get(TOKENIZER_KEY), new BlockSpec(
        Integer.parseInt(meta.get(CHUNK_SIZE_KEY)), Integer.parseInt(meta.get(CHUNKS_PER_BLOCK_KEY))));
  }
}
