package io.megaspark.jobs.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.megaspark.jobs.input.BadDocument;
import io.megaspark.jobs.input.BadReason;
import io.megaspark.jobs.input.BadRecords;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@value #FILE_NAME} of a token cache (docs/formats.md, "Token caches"): what the cache holds and in
 * which order. It is written last, inside the staging directory that becomes the cache, so a directory
 * with a manifest is a complete cache.
 *
 * @param format always {@value #FORMAT}
 * @param version the format version, {@value #VERSION}
 * @param tokenizer the tokenizer that made the ids ({@code bytes}, {@code gpt2})
 * @param blockTokens T of the block files (their {@code chunk_size} times {@code chunks_per_block})
 * @param inputs the {@code --input} values the cache was prepared from
 * @param heldOutNames file names excluded as held out (sorted)
 * @param excludedDocuments input files dropped because their name is held out
 * @param skipped input files left out as bad records under {@code --on-bad-record=skip}, in input order,
 *     each with its reason, file, document id, byte offset and detail (empty under {@code fail}; a manifest
 *     written before the field existed reads as empty)
 * @param parts the block files, in corpus order
 */
public record CacheManifest(String format, int version, String tokenizer, int blockTokens, List<String> inputs,
    List<String> heldOutNames, long excludedDocuments, List<BadDocument> skipped, List<CachePart> parts) {
  public static final String FILE_NAME = "cache.json";
  public static final String FORMAT = "megaspark-token-cache";
  public static final int VERSION = 1;

  // Reasons in lower case, as _bad_records.json of the other jobs writes them ("invalid_utf8").
  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .build();

  public CacheManifest {
    Objects.requireNonNull(tokenizer, "tokenizer");
    inputs = List.copyOf(inputs);
    heldOutNames = List.copyOf(heldOutNames);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
    parts = List.copyOf(parts);
  }

  /** Skipped input files per reason, in reason order (only reasons that occurred). */
  public Map<BadReason, Long> skippedCounts() {
    return BadRecords.countByReason(skipped);
  }

  /** Documents over every part. */
  public long documents() {
    return parts.stream().mapToLong(p -> p.documents().length).sum();
  }

  /** Tokens over every document. */
  public long tokens() {
    long n = 0;
    for (CachePart p : parts) {
      for (CachedDocument d : p.documents()) {
        n += d.tokens();
      }
    }
    return n;
  }

  /**
   * What the cache holds, as prepare's console line says it: "5 documents, 4120 tokens (tokenizer bytes) in 4
   * block files (1 held-out names excluded; 3 skipped: 1 binary content, 2 invalid UTF-8, listed in cache.json)".
   */
  public String summary() {
    String skips = BadRecords.describe(skippedCounts());
    return String.format(Locale.ROOT, "%d documents, %d tokens (tokenizer %s) in %d block files (%d held-out names"
        + " excluded%s)", documents(), tokens(), tokenizer, parts.size(), excludedDocuments,
        skips.isEmpty() ? "" : "; " + skips + ", listed in " + FILE_NAME);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a cache manifest", e);
    }
  }

  /**
   * Parses a manifest.
   *
   * @throws IOException when it is not JSON of this shape
   */
  public static CacheManifest fromJson(String json) throws IOException {
    return JSON.readValue(json, CacheManifest.class);
  }
}
