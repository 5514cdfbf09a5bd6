package io.megaspark.jobs.passkey;

/**
 * The result of one (length, depth) cell over its trials.
 *
 * @param length target prompt tokens
 * @param depth key depth in percent
 * @param trials prompts in the cell
 * @param accuracy share of prompts whose greedy answer is the key exactly
 * @param meanLogProb mean over trials of the mean natural-log probability of the key's tokens
 * @param meanDigitsMatched mean count of leading key tokens greedy decoding reproduces
 * @param meanTokens mean prompt stream length (BOS + text)
 */
public record PasskeyCell(int length, int depth, int trials, double accuracy, double meanLogProb,
    double meanDigitsMatched, double meanTokens) {}
