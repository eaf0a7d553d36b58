package dev.cirrus.cli.bench;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.EntryWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Runs a {@link BenchPlan} against a cache with the provider's client: each thread takes
 * requests from a shared counter until the plan's number is reached, so the run is bounded
 * whatever the server's speed, and records each call's latency in its own histogram.
 */
public final class BenchRun {

  /** Stop early when the server is clearly down, rather than time out every remaining call. */
  private static final int MAX_ERRORS = 100;

  private final CirrusClient client;
  private final BenchPlan plan;
  private final Function<String, ByteString> encoder;

  /** @param encoder how a string key or value is stored (the provider's codec) */
  public BenchRun(CirrusClient client, BenchPlan plan, Function<String, ByteString> encoder) {
    this.client = client;
    this.plan = plan;
    this.encoder = encoder;
  }

  /** Runs the plan; {@code progress} is told the number of finished calls now and then. */
  public BenchResult run(LongConsumer progress) throws InterruptedException {
    ByteString[] keys = new ByteString[plan.keys()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = encoder.apply("bench-" + i);
    }
    ByteString value = encoder.apply("v".repeat(plan.valueBytes()));
    AtomicLong issued = new AtomicLong();
    AtomicLong finished = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<RuntimeException> firstError = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(plan.threads(), r -> {
      Thread t = new Thread(r, "cirrus-bench");
      t.setDaemon(true);
      return t;
    });
    long start = System.nanoTime();
    List<Future<LatencyHistogram[]>> workers = new ArrayList<>();
    for (int t = 0; t < plan.threads(); t++) {
      long seed = 31L * t + 7;
      workers.add(pool.submit(() -> {
        LatencyHistogram gets = new LatencyHistogram();
        LatencyHistogram sets = new LatencyHistogram();
        SplittableRandom random = new SplittableRandom(seed);
        while (issued.incrementAndGet() <= plan.requests() && errors.get() < MAX_ERRORS) {
          ByteString key = keys[random.nextInt(keys.length)];
          boolean set = random.nextDouble() < plan.setRatio();
          long begin = System.nanoTime();
          try {
            if (set) {
              client.set(plan.cache(), EntryWrite.of(key, value, EntryWrite.Condition.ALWAYS,
                  null, null, false));
              sets.recordNanos(System.nanoTime() - begin);
            } else {
              client.get(plan.cache(), key, null);
              gets.recordNanos(System.nanoTime() - begin);
            }
          } catch (RuntimeException e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e);
          }
          finished.incrementAndGet();
        }
        return new LatencyHistogram[] {gets, sets};
      }));
    }
    pool.shutdown();
    try {
      while (!pool.awaitTermination(200, TimeUnit.MILLISECONDS)) {
        progress.accept(finished.get());
      }
      progress.accept(finished.get());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      LatencyHistogram gets = new LatencyHistogram();
      LatencyHistogram sets = new LatencyHistogram();
      for (Future<LatencyHistogram[]> worker : workers) {
        LatencyHistogram[] h = worker.get();
        gets.add(h[0]);
        sets.add(h[1]);
      }
      return new BenchResult(plan, elapsed, gets, sets, errors.get(), firstError.get());
    } catch (ExecutionException e) {
      throw new IllegalStateException("a bench worker failed outside a call: " + e.getCause(), e);
    } finally {
      pool.shutdownNow();
    }
  }
}
