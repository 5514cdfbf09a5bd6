/** The {@code count} job: documents, bytes, lines and byte-level tokens of a corpus, streaming. */
package io.megaspark.jobs.count;
