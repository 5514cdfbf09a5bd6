package io.megaspark.jobs.run;

import io.megaspark.jobs.input.Document;
import io.megaspark.jobs.state.StoredState;
import java.io.Serializable;
import java.util.Objects;

/**
 * A document on its way to its partition, with its stored state when an incremental run continues it.
 *
 * @param document the document
 * @param stored its state-store record, or null to start from the beginning
 */
public record PlannedDocument(Document document, StoredState stored) implements Serializable {
  public PlannedDocument {
    Objects.requireNonNull(document, "document");
  }
}
