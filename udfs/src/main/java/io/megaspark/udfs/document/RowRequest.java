package io.megaspark.udfs.document;

/**
 * Which outputs one {@link DocumentModel#forward} call computes; the same choices the jobs make, so the
 * numbers are the same (the score needs target log-probabilities only, the embedding only the mean hidden
 * state, the summary the hidden state of every position).
 *
 * @param targets [T] the token whose log-probability is wanted at each position, -1 for none; null = none
 * @param hidden return the final hidden states [T][D]
 * @param hiddenMean return the mean final hidden state over the valid positions [D]
 */
public record RowRequest(int[] targets, boolean hidden, boolean hiddenMean) {}
