package io.megaspark.jobs.run;

/**
 * Which model outputs and end-of-document facts a job's folds use; the runner computes nothing else.
 *
 * @param targets log-probabilities of each next token (scores)
 * @param hidden final hidden states of every position
 * @param hiddenMean the mean final hidden state of each piece
 * @param stateSummary a summary of the final carried state
 * @param boundaryState the state at the last chunk boundary plus the tail tokens (generation, state store)
 */
public record FoldNeeds(
    boolean targets, boolean hidden, boolean hiddenMean, boolean stateSummary, boolean boundaryState) {}
