package io.megaspark.megalodon.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header mapping
 * each tensor name to {@code {dtype, shape, data_offsets: [begin, end]}} (offsets relative to the end of
 * the header) plus an optional {@code __metadata__} string map, then the raw little-endian data.
 *
 * <p>Reading memory-maps each tensor, so files of many GB are never loaded whole; every offset is checked
 * against the file before it is mapped.
 */
public final class SafeTensors {
  /** The format's own cap on the header size (100 MB), which also bounds a corrupt length field. */
  static final long MAX_HEADER_BYTES = 100_000_000L;
  private static final String METADATA = "__metadata__";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private SafeTensors() {}

  /** Reads a file's header and maps its tensors. */
  public static SafeTensorsFile read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw WeightErrors.corruptHeader(file, "only " + size + " bytes, shorter than the 8-byte length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.getLong(0);
      if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
        throw WeightErrors.corruptHeader(file, "header length " + headerLen + " does not fit a file of "
            + size + " bytes (limit " + MAX_HEADER_BYTES + ")");
      }
      ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
      readFully(ch, headerBuf, 8);
      JsonNode header = parseHeader(file, new String(headerBuf.array(), StandardCharsets.UTF_8));
      long dataStart = 8 + headerLen;
      return new SafeTensorsFile(file, metadata(file, header),
          mapTensors(file, ch, header, dataStart, size - dataStart));
    } catch (IOException e) {
      throw WeightErrors.unreadable(file, e);
    }
  }

  /**
   * Writes tensors (F32, I32 or I64; any dtype read from another file is copied as it is) and metadata.
   * The file appears atomically: it is written beside the target and moved into place.
   */
  public static void write(Path file, Map<String, String> metadata, Collection<TensorData> tensors) {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject(METADATA);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (TensorData t : tensors) {
      if (t.name().equals(METADATA) || header.has(t.name())) {
        throw new IllegalArgumentException("duplicate or reserved tensor name '" + t.name() + "'");
      }
      ObjectNode e = header.putObject(t.name());
      e.put("dtype", t.dtype().name());
      var shape = e.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      long end = offset + t.data().remaining();
      e.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] headerBytes = paddedHeader(header.toString());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
      writeFully(ch, len.flip());
      writeFully(ch, ByteBuffer.wrap(headerBytes));
      for (TensorData t : tensors) {
        writeFully(ch, t.data().duplicate());
      }
    } catch (IOException e) {
      throw WeightErrors.unreadable(tmp, e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw WeightErrors.unreadable(file, e);
    }
  }

  /** The header padded with spaces to a multiple of 8 bytes, so the data stays aligned. */
  private static byte[] paddedHeader(String json) {
    byte[] raw = json.getBytes(StandardCharsets.UTF_8);
    int padded = (raw.length + 7) / 8 * 8;
    byte[] out = new byte[padded];
    System.arraycopy(raw, 0, out, 0, raw.length);
    for (int i = raw.length; i < padded; i++) {
      out[i] = ' ';
    }
    return out;
  }

  private static JsonNode parseHeader(Path file, String text) {
    JsonNode header;
    try {
      header = JSON.readTree(text);
    } catch (IOException e) {
      throw WeightErrors.corruptHeader(file, "the header is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (header == null || !header.isObject()) {
      throw WeightErrors.corruptHeader(file, "the header is not a JSON object");
    }
    return header;
  }

  private static Map<String, String> metadata(Path file, JsonNode header) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode meta = header.get(METADATA);
    if (meta == null || meta.isNull()) {
      return out;
    }
    if (!meta.isObject()) {
      throw WeightErrors.corruptHeader(file, METADATA + " is not an object of strings");
    }
    for (Map.Entry<String, JsonNode> e : meta.properties()) {
      if (!e.getValue().isTextual()) {
        throw WeightErrors.corruptHeader(file, METADATA + "." + e.getKey() + " is not a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static Map<String, TensorData> mapTensors(
      Path file, FileChannel ch, JsonNode header, long dataStart, long dataSize) throws IOException {
    List<TensorEntry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : header.properties()) {
      if (!e.getKey().equals(METADATA)) {
        entries.add(TensorEntry.parse(file, e.getKey(), e.getValue(), dataSize));
      }
    }
    checkNoOverlap(file, entries);
    Map<String, TensorData> out = new LinkedHashMap<>();
    for (TensorEntry t : entries) {
      ByteBuffer bytes = t.length() == 0 ? ByteBuffer.allocate(0)
          : ch.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), t.length());
      out.put(t.name(), new TensorData(t.name(), t.dtype(), t.shape(), bytes));
    }
    return out;
  }

  private static void checkNoOverlap(Path file, List<TensorEntry> entries) {
    List<TensorEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(TensorEntry::begin));
    for (int i = 1; i < sorted.size(); i++) {
      TensorEntry prev = sorted.get(i - 1);
      TensorEntry cur = sorted.get(i);
      if (cur.begin() < prev.end()) {
        throw WeightErrors.corruptTensor(file, cur.name(), "data_offsets [" + cur.begin() + ", "
            + cur.end() + ") overlap tensor '" + prev.name() + "' [" + prev.begin() + ", " + prev.end()
            + ")");
      }
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }
}
