/**
 * Model settings: {@link io.megaspark.megalodon.config.MegalodonConfig} and the loader that maps the
 * official MEGALODON {@code config.json} and Megaspark's own flat shape onto it. Unknown keys fail and list
 * the valid ones; official training-only keys are accepted and ignored.
 */
package io.megaspark.megalodon.config;
