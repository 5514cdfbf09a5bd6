package io.megaspark.megalodon.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole process (every TensorFlow and Spark thread), to read timings on a shared machine:
 * other processes change wall time much more than the CPU time this process needs for its work.
 */
public final class ProcessCpu {
  private ProcessCpu() {}

  /** Nanoseconds of CPU used by this process so far, or 0 where the JVM does not say. */
  public static long nanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0L;
  }
}
