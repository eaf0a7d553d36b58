package dev.cirrus.benchmarks.e2e;

import java.lang.management.ManagementFactory;

/**
 * What the driver JVM spends on a stretch of operations: bytes allocated (summed over its live
 * threads, the client library's own threads included) and CPU time of the whole process (JIT and
 * GC included, as a user pays them). Unlike wall-clock figures these barely move when other
 * processes share the cores, so they show a change in the client's work per call even on a busy
 * machine.
 */
final class Costs {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** Bytes allocated and process CPU nanoseconds per operation. */
  record PerOp(double allocatedBytes, double cpuNanos) {
    double cpuMicros() {
      return cpuNanos / 1_000.0;
    }
  }

  private long allocatedAtStart;
  private long cpuAtStart;

  /** Starts a stretch; call it after the warm-up. */
  void begin() {
    allocatedAtStart = allocated();
    cpuAtStart = OS.getProcessCpuTime();
  }

  /** Ends the stretch begun last, which ran {@code ops} operations. */
  PerOp end(long ops) {
    long cpu = OS.getProcessCpuTime() - cpuAtStart;
    long bytes = allocated() - allocatedAtStart;
    long n = Math.max(1, ops);
    return new PerOp((double) bytes / n, (double) cpu / n);
  }

  /** Bytes allocated so far by the threads alive now (a thread that ended takes its count along). */
  private static long allocated() {
    long total = 0;
    for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }
}
