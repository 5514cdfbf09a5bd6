/**
 * Pieces of the end-to-end benchmarks: corpora of a chosen size cut from real text, and the arithmetic of
 * their reports. The commands themselves are in {@code io.megaspark.jobs.cli} ({@code bin/megaspark bench}).
 */
package io.megaspark.jobs.bench;
