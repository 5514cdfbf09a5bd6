/**
 * The state store of incremental runs (DESIGN.md, mode 3): per document the state at its last chunk
 * boundary, the tokens after it, the bytes consumed and the score totals, as a Parquet table ({@link
 * io.megaspark.jobs.state.StateStore}, columns in docs/outputs.md).
 */
package io.megaspark.jobs.state;
