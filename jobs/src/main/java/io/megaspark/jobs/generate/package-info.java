/**
 * The {@code generate} job and token sampling: greedy, temperature, top-k and top-p, with a random stream
 * seeded per document ({@link io.megaspark.jobs.generate.Sampling}) so results do not depend on how
 * documents are spread over partitions and batches. V vocab.
 */
package io.megaspark.jobs.generate;
