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
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The in-memory store's share of a getAll and a putAll of 100 entries of 100 bytes, without the
 * network: the server's store stack (limits over the in-memory store) as a batch call reaches it,
 * each key a fresh ByteString as parsed from a request (so no hash or equality comes for free),
 * each written value too. With {@code stored=10000} the calls walk 10,000 stored entries, as the
 * end-to-end driver's random sets do, rather than the same 100 that stay in the CPU's caches;
 * with {@code caches=cold} each call also starts with the CPU's caches holding other data, as a
 * server's do when the client and the kernel have run between two of its calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StoreBatchBenchmark {
  private static final int ENTRIES = 100;

  /** Entries the store holds; each call takes the next 100 of them. */
  @Param({"100", "10000"})
  public int stored;

  /**
   * "cold": before each call the CPU's caches are filled with other data (64 MiB read, twice the
   * last-level cache), as the client's work and the kernel's between two calls of the end-to-end
   * driver fill them; the keys are then a random 100, as the driver's are.
   */
  @Param({"warm", "cold"})
  public String caches;

  private boolean cold;
  private int next;
  /** What a cold call's caches are filled with; null for warm calls. */
  private byte[] other;
  private final Random random = new Random(42);
  private long sink;

  private ScheduledExecutorService scheduler;
  private CacheStore cache;
  private final CacheId id = new CacheId("bench", "c");
  private byte[][] keys;
  private final byte[] value = new byte[100];

  @Setup
  public void setUp() {
    cold = caches.equals("cold");
    other = cold ? new byte[64 << 20] : null;
    scheduler = Executors.newSingleThreadScheduledExecutor();
    cache = new LimitedCacheStore(new InMemoryCacheStore(Clock.systemUTC(), 256L << 20, 0,
        Duration.ofSeconds(1), new ChangeFeed(Runnable::run, scheduler, 1000), scheduler),
        Limits.defaults());
    cache.create(id, ByteString.EMPTY, false);
    keys = new byte[stored][];
    for (int i = 0; i < stored; i++) {
      keys[i] = String.format("user:%010d", i * 7919).getBytes();
    }
    for (int i = 0; i < stored; i += ENTRIES) {
      putAll();
    }
  }

  @TearDown
  public void tearDown() {
    cache.close();
    scheduler.shutdownNow();
  }

  /** Reads other data through the CPU's caches before a cold call (not measured). */
  @Setup(Level.Invocation)
  public void fillCaches() {
    if (cold) {
      for (int i = 0; i < other.length; i += 64) {
        sink += other[i];
      }
    }
  }

  private List<ByteString> freshKeys() {
    List<ByteString> fresh = new ArrayList<>(ENTRIES);
    for (int i = 0; i < ENTRIES; i++) {
      int k = cold ? random.nextInt(stored) : (next + i) % stored;
      fresh.add(ByteString.copyFrom(keys[k]));
    }
    next = (next + ENTRIES) % stored;
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
      writes.add(WriteRequest.put(key, ByteString.copyFrom(value)));
    }
    return cache.setAll(id, writes, "");
  }
}
