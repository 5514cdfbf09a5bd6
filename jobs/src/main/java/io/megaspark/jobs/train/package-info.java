/**
 * Training corpora for {@code megaspark train}: {@link io.megaspark.jobs.train.TextCorpus} reads text
 * files on the driver; {@link io.megaspark.jobs.train.PrepareJob} tokenizes them on Spark into a token
 * cache (chunking's Arrow block files plus a {@link io.megaspark.jobs.train.CacheManifest}), which
 * {@link io.megaspark.jobs.train.TokenCache} reads back into the same documents in the same order.
 * Formats: docs/formats.md, "Token caches".
 */
package io.megaspark.jobs.train;
