package io.megaspark.jobs.train;

import java.util.Objects;

/**
 * One block file of a token cache: its name inside the cache directory and its documents, in order (each
 * document's blocks are contiguous and in block order in the file).
 *
 * @param file the block file's name, {@code part-NNNNN.arrow}
 * @param documents its documents in corpus order
 */
public record CachePart(String file, CachedDocument[] documents) {
  public CachePart {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(documents, "documents");
  }
}
