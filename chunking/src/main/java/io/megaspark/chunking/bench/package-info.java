/**
 * Benchmarks of the chunking module, run from the command line ({@code bin/megaspark bench tokenize}) and
 * kept compiling and running by a small test. No timing is asserted in tests: the machine is shared.
 */
package io.megaspark.chunking.bench;
