package io.megaspark.megalodon.lora;

/**
 * How S2-Attn's shifted heads form their groups (MODEL.md 3).
 *
 * <ul>
 *   <li>{@link #ROLL}: LongLoRA's reference path. The shifted heads' q, k, v are rolled by −G/2 along
 *       the sequence, so the last group holds the final G/2 tokens followed by the first G/2 tokens:
 *       those first tokens see the last ones (the wrap-around the authors call intentional, issue #15).
 *   <li>{@link #SEGMENTS}: LongLoRA's FlashAttention path. The shifted heads use groups offset by G/2,
 *       [0, G/2), [G/2, 3G/2), ..., [N−G/2, N), with no wrap: every token sees only earlier tokens, so
 *       nothing of the future leaks into a causal language-model loss. Megaspark trains with this one
 *       by default (docs/deviations.md).
 * </ul>
 */
public enum ShiftMode {
  ROLL,
  SEGMENTS
}
