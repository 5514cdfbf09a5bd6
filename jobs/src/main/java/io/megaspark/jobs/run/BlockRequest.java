package io.megaspark.jobs.run;

/**
 * Which outputs one {@link BlockModel#forward} call computes. Asking only for what a job folds keeps the
 * call cheap: scoring needs {@code targets} only (one log-probability per position instead of V logits).
 *
 * @param logits return logits [B][T][V]
 * @param targets [B][T] token whose log-probability is wanted at each position, -1 for none; null = none
 * @param hidden return the final hidden states [B][T][D]
 * @param hiddenMean return the mean final hidden state over each row's valid positions [B][D]
 */
public record BlockRequest(boolean logits, int[][] targets, boolean hidden, boolean hiddenMean) {}
