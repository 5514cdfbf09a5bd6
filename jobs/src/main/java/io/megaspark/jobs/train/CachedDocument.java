package io.megaspark.jobs.train;

import java.util.Objects;

/**
 * One document of a token cache, as the manifest lists it.
 *
 * @param id the document's id in the block files ({@code doc_id}): its path relative to its input
 * @param tokens tokens in its stream, BOS and EOS included
 * @param bytes bytes of source text (the denominator of bits per byte)
 */
public record CachedDocument(String id, long tokens, long bytes) {
  public CachedDocument {
    Objects.requireNonNull(id, "id");
    if (tokens < 2 || bytes < 0) {
      throw new IllegalArgumentException("document " + id + ": tokens " + tokens + " (at least BOS and EOS)"
          + " and bytes " + bytes + " (at least 0)");
    }
  }

  /** The file name, after the id's last '/': what {@code --held-out} matches. */
  public String name() {
    return id.substring(id.lastIndexOf('/') + 1);
  }
}
