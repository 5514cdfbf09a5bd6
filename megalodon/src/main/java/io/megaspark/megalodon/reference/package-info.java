/**
 * The slow, obviously correct float64 reference of the whole MEGALODON model, one small class per layer
 * (MODEL.md section 1): {@link io.megaspark.megalodon.reference.ReferenceTimestepNorm},
 * {@link io.megaspark.megalodon.reference.ReferenceEma}, {@link io.megaspark.megalodon.reference.ReferenceNorms},
 * {@link io.megaspark.megalodon.reference.ReferenceAttention}, {@link io.megaspark.megalodon.reference.ReferenceFfn}
 * and {@link io.megaspark.megalodon.reference.ReferenceModel}. It is the oracle for the fast TensorFlow model;
 * it is checked against the goldens of the official implementation.
 *
 * <p>Arrays are plain Java arrays: per-token vectors [D], sequences [T][D], weights row-major (out, in) as
 * in the state dict, complex values as separate real and imaginary arrays indexed d*N+n.
 */
package io.megaspark.megalodon.reference;
