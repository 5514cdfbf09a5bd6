package io.megaspark.jobs.run;

/**
 * What the runner knows about a document when it finishes; fields a job did not ask for (see {@link
 * FoldNeeds}) are null.
 *
 * @param streamLength tokens in the whole stream up to the state (BOS included, EOS not)
 * @param generated tokens generated after the document (without a stopping EOS)
 * @param stateSummary {@link BlockModel#stateSummary} of the state after the last token
 * @param boundaryState bytes of the state at the last chunk boundary before the end
 * @param tail the tokens after that boundary (1..C of them): with {@code boundaryState} they continue the
 *     stream exactly
 */
public record DocumentEnd(long streamLength, int[] generated, float[] stateSummary, byte[] boundaryState, int[] tail) {}
