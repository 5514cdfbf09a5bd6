package io.megaspark.jobs.run;

/**
 * Builds a model for a {@link ModelRef.Custom}. Implementations have a public no-argument constructor and
 * must be on the executors' classpath.
 */
public interface BlockModelFactory {
  BlockModel<?> create(String argument);
}
