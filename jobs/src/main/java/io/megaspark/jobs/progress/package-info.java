/**
 * Progress a person can follow: a console line every few seconds with documents and tokens done, tokens
 * per second and time left, driven by accumulators whose running values arrive with executor heartbeats
 * ({@link io.megaspark.jobs.progress.ProgressListener}).
 */
package io.megaspark.jobs.progress;
