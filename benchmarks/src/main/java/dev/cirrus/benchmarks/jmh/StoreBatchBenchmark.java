package dev.cirrus.benchmarks.jmh;

import com.google.protobuf.ByteString;
import dev.cirrus.server.feed.ChangeFeed;
import dev.cirrus.server.limits.LimitedCacheStore;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.store.InMemoryCacheStore;
import dev.cirrus.server.store.ReadResult;
import dev.cirrus.server.store.TtlSpec;
import dev.cirrus.server.store.WriteRequest;
import dev.cirrus.server.store.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory store's share of a getAll and a putAll of 100 entries of 100 bytes, without the
 * network: the server's store stack (limits over the in-memory store) as a batch call reaches it,
 * each key a fresh ByteString as parsed from a request (so no hash or equality comes for free).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StoreBatchBenchmark {
  private static final int ENTRIES = 100;

  private ScheduledExecutorService scheduler;
  private CacheStore cache;
  private final CacheId id = new CacheId("bench", "c");
  private final byte[][] keys = new byte[ENTRIES][];
  private final ByteString value = ByteString.copyFrom(new byte[100]);

  @Setup
  public void setUp() {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    cache = new LimitedCacheStore(new InMemoryCacheStore(Clock.systemUTC(), 256L << 20, 0,
        Duration.ofSeconds(1), new ChangeFeed(Runnable::run, scheduler, 1000), scheduler),
        Limits.defaults());
    cache.create(id, ByteString.EMPTY, false);
    for (int i = 0; i < ENTRIES; i++) {
      keys[i] = String.format("user:%010d", i * 7919).getBytes();
    }
    putAll();
  }

  @TearDown
  public void tearDown() {
    cache.close();
    scheduler.shutdownNow();
  }

  private List<ByteString> freshKeys() {
    List<ByteString> fresh = new ArrayList<>(ENTRIES);
    for (byte[] key : keys) {
      fresh.add(ByteString.copyFrom(key));
    }
    return fresh;
  }

  @Benchmark
  public List<ReadResult> getAll() {
    return cache.getAll(id, freshKeys(), TtlSpec.DEFAULT, "");
  }

  @Benchmark
  public List<WriteResult> putAll() {
    List<WriteRequest> writes = new ArrayList<>(ENTRIES);
    for (ByteString key : freshKeys()) {
      writes.add(WriteRequest.put(key, value));
    }
    return cache.setAll(id, writes, "");
  }
}
