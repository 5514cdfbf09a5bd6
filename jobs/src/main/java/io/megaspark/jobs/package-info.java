/**
 * Megaspark's jobs: the Java API ({@link io.megaspark.jobs.Megaspark} and its option records), the option
 * keys and their precedence ({@link io.megaspark.jobs.JobOptions}), and the module's user-facing errors
 * ({@link io.megaspark.jobs.JobErrors}, {@link io.megaspark.jobs.MegasparkException}).
 *
 * <p>Sub-packages: {@code input} (documents, tokenize stage, bad records), {@code run} (the model seam,
 * the streaming runner, planning, the run stage), {@code score}, {@code embed}, {@code summarize},
 * {@code generate} (what each job folds per document), {@code state} (the incremental state store),
 * {@code io} (atomic outputs), {@code progress} (console progress), {@code spark} (sessions, Kryo),
 * {@code cli} (the command line).
 *
 * <p>Shape glossary: B batch (documents per model call), T tokens per block, C chunk length, K = T/C, D
 * model dim, G norm groups, N EMA order, V vocab, S sentences of a document.
 *
 * <p>Null rule: public methods take no null arguments unless a parameter says it may be null.
 */
package io.megaspark.jobs;
