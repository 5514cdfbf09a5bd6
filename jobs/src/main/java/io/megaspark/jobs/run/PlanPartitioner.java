package io.megaspark.jobs.run;

import org.apache.spark.Partitioner;

/** Sends a document to the partition in the high half of its {@link Plan#key}. */
public final class PlanPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;

  private final int partitions;

  public PlanPartitioner(int partitions) {
    this.partitions = partitions;
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    return (int) ((Long) key >>> 32);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlanPartitioner p && p.partitions == partitions;
  }

  @Override
  public int hashCode() {
    return partitions;
  }
}
