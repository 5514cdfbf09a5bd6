package io.megaspark.jobs.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
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
 * @param parts the block files, in corpus order
 */
public record CacheManifest(String format, int version, String tokenizer, int blockTokens, List<String> inputs,
    List<String> heldOutNames, long excludedDocuments, List<CachePart> parts) {
  public static final String FILE_NAME = "cache.json";
  public static final String FORMAT = "megaspark-token-cache";
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public CacheManifest {
    Objects.requireNonNull(tokenizer, "tokenizer");
    inputs = List.copyOf(inputs);
    heldOutNames = List.copyOf(heldOutNames);
    parts = List.copyOf(parts);
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
