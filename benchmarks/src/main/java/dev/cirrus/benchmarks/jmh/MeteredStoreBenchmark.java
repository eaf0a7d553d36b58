package dev.cirrus.benchmarks.jmh;

import com.google.protobuf.ByteString;
import dev.cirrus.server.feed.ChangeFeed;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.limits.LimitedCacheStore;
import dev.cirrus.server.metrics.ServerMetrics;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.store.InMemoryCacheStore;
import dev.cirrus.server.store.ReadResult;
import dev.cirrus.server.store.TtlSpec;
import dev.cirrus.server.store.WriteRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording metrics adds to a store call, without the network's noise: a get (hit) and a put
 * of a 100-byte value on the server's store stack, with and without the metered layer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MeteredStoreBenchmark {
  @Param({"plain", "metered"})
  public String store;

  private ScheduledExecutorService scheduler;
  private ServerMetrics metrics;
  private CacheStore cache;
  private final CacheId id = new CacheId("bench", "c");
  private final ByteString key = ByteString.copyFromUtf8("user:0000012345");
  private final ByteString value = ByteString.copyFrom(new byte[100]);

  @Setup
  public void setUp() {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    // 256 MiB budget, no account quota
    CacheStore limited = new LimitedCacheStore(new InMemoryCacheStore(Clock.systemUTC(),
        256L << 20, 0, Duration.ofSeconds(1), new ChangeFeed(Runnable::run, scheduler, 1000), scheduler),
        Limits.defaults());
    if (store.equals("metered")) {
      metrics = new ServerMetrics();
      cache = metrics.meter(limited);
    } else {
      cache = limited;
    }
    cache.create(id, ByteString.EMPTY, false);
    cache.set(id, WriteRequest.put(key, value), "");
  }

  @TearDown
  public void tearDown() {
    cache.close();
    if (metrics != null) {
      metrics.close();
    }
    scheduler.shutdownNow();
  }

  @Benchmark
  public ReadResult get() {
    return cache.get(id, key, TtlSpec.DEFAULT, "");
  }

  @Benchmark
  public Object put() {
    return cache.set(id, WriteRequest.put(key, value), "");
  }
}
