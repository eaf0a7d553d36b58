package dev.cirrus.benchmarks.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Latency samples and fixed-duration throughput runs. */
final class Measure {

  private Measure() {}

  /** One operation; {@code i} counts up from 0 so callers can walk a precomputed key order. */
  @FunctionalInterface
  interface Op {
    void run(int i) throws Exception;
  }

  /** Sorted latency samples in nanoseconds. */
  record Latencies(long[] sortedNanos) {
    double percentileMicros(double p) {
      int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
      return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1_000.0;
    }

    double meanMicros() {
      return Arrays.stream(sortedNanos).average().orElse(Double.NaN) / 1_000.0;
    }
  }

  /** Latency samples with what the measured operations cost the client. */
  record Sampled(Latencies latencies, Costs.PerOp costs) {}

  /** Runs {@code warmup} unmeasured operations, then times each of {@code ops} operations. */
  static Sampled latencies(int warmup, int ops, Op op) throws Exception {
    for (int i = 0; i < warmup; i++) {
      op.run(i);
    }
    long[] samples = new long[ops];
    Costs costs = new Costs();
    costs.begin();
    for (int i = 0; i < ops; i++) {
      long start = System.nanoTime();
      op.run(i);
      samples[i] = System.nanoTime() - start;
    }
    Costs.PerOp perOp = costs.end(ops);
    Arrays.sort(samples);
    return new Sampled(new Latencies(samples), perOp);
  }

  /** A fixed-duration run on one thread that also keeps each operation's latency. */
  record Timed(double opsPerSecond, Latencies latencies, Costs.PerOp costs) {}

  static Timed timed(long warmupMillis, long measureMillis, Op op) throws Exception {
    long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000;
    int i = 0;
    while (System.nanoTime() < warmupEnd) {
      op.run(i++);
    }
    long[] samples = new long[1024];
    int n = 0;
    Costs costs = new Costs();
    costs.begin();
    long start = System.nanoTime();
    long end = start + measureMillis * 1_000_000;
    long now = start;
    while (now < end) {
      long before = now;
      op.run(i++);
      now = System.nanoTime();
      if (n == samples.length) {
        samples = Arrays.copyOf(samples, n * 2);
      }
      samples[n++] = now - before;
    }
    // (the samples' array grows a few times: ~16 bytes per call, small beside a batch call's)
    Costs.PerOp perOp = costs.end(n);
    long[] sorted = Arrays.copyOf(samples, n);
    Arrays.sort(sorted);
    return new Timed(n * 1e9 / (now - start), new Latencies(sorted), perOp);
  }

  /** Operations per second, and what they cost the client, during the measurement. */
  record Rate(double opsPerSecond, Costs.PerOp costs) {}

  /**
   * Runs {@code op} on {@code threads} threads for warm-up plus measurement and returns the
   * operations per second completed during the measurement alone. Fails if any thread failed.
   */
  static Rate throughput(int threads, long warmupMillis, long measureMillis, Op op)
      throws Exception {
    LongAdder done = new LongAdder();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        int i = 0;
        try {
          while (running.get()) {
            op.run(i++);
            done.increment();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          running.set(false);
        }
      }, "bench-worker-" + t);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
    Thread.sleep(warmupMillis);
    Costs costs = new Costs();
    costs.begin();
    long before = done.sum();
    long start = System.nanoTime();
    Thread.sleep(measureMillis);
    long after = done.sum();
    long elapsed = System.nanoTime() - start;
    Costs.PerOp perOp = costs.end(after - before);
    running.set(false);
    for (Thread worker : workers) {
      worker.join(10_000);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a worker thread failed: " + failure.get(), failure.get());
    }
    return new Rate((after - before) * 1e9 / elapsed, perOp);
  }
}
