/**
 * Files in and out: input listing ({@link io.megaspark.jobs.io.InputPaths}), atomic commits ({@link
 * io.megaspark.jobs.io.AtomicOutput}) and deterministic job outputs in Parquet, JSON or CSV ({@link
 * io.megaspark.jobs.io.JobOutput}).
 */
package io.megaspark.jobs.io;
