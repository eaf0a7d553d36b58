package dev.cirrus.server.metrics;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCode;
import dev.cirrus.server.feed.ChangeSink;
import dev.cirrus.server.feed.Subscription;
import dev.cirrus.server.store.CacheActivity;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.CacheInfo;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.store.CreateResult;
import dev.cirrus.server.store.ReadResult;
import dev.cirrus.server.store.RemoveRequest;
import dev.cirrus.server.store.RemoveResult;
import dev.cirrus.server.store.ScanPage;
import dev.cirrus.server.store.ScanRequest;
import dev.cirrus.server.store.TtlSpec;
import dev.cirrus.server.store.WriteRequest;
import dev.cirrus.server.store.WriteResult;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import java.util.function.Supplier;

/**
 * A {@link CacheStore} that counts every data call per account and cache: the call by method and
 * outcome, its latency, the keys a read found or missed, and the bytes in and out (keys and values
 * received; values sent back). It sits outside the limits, so a refusal is counted under its error
 * code like any other failure. Control-plane calls pass through uncounted, except that creating
 * and deleting a cache take and free its label pair.
 *
 * <p>Cost: on the get path, two clock reads, one concurrent-map lookup and four meter updates;
 * measured in {@code docs/benchmarks.md}.
 */
public final class MeteredCacheStore implements CacheStore {
  /**
   * The last failure this thread's store call counted, so the door that answers it does not count
   * it again ({@link Refusals#failed}); set on failures only, so a call that succeeds pays nothing.
   */
  private static final ThreadLocal<Throwable> COUNTED = new ThreadLocal<>();
  /**
   * The failures of async calls counted and not yet seen by a door: such a call ends on whatever
   * thread the store answers on, and the door may map it on another. Weak, so a failure no door
   * looks at (an internal caller's) is forgotten with it; touched on failures only.
   */
  private static final Map<Throwable, Boolean> COUNTED_LATER =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final CacheStore delegate;
  private final LabelBudget labels;

  public MeteredCacheStore(CacheStore delegate, LabelBudget labels) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.labels = requireNonNull(labels, "labels");
  }

  // ---- control plane: passed through; creation and deletion move label pairs ----

  @Override
  public CreateResult create(CacheId id, ByteString clientConfig, boolean ifAbsent) {
    CreateResult result = delegate.create(id, clientConfig, ifAbsent);
    labels.created(id);
    return result;
  }

  @Override
  public Optional<CacheInfo> describe(CacheId id) {
    return delegate.describe(id);
  }

  @Override
  public List<CacheInfo> list(String account) {
    return delegate.list(account);
  }

  @Override
  public int cacheCount(String account) {
    return delegate.cacheCount(account);
  }

  @Override
  public boolean delete(CacheId id) {
    boolean deleted = delegate.delete(id);
    if (deleted) {
      labels.deleted(id);
    }
    return deleted;
  }

  @Override
  public Optional<CacheActivity> activity(CacheId id) {
    return delegate.activity(id);
  }

  @Override
  public Map<String, BooleanSupplier> dependencies() {
    return delegate.dependencies();
  }

  @Override
  public boolean blocksCallers() {
    return delegate.blocksCallers();
  }

  // ---- data plane: counted ----

  @Override
  public ReadResult get(CacheId id, ByteString key, TtlSpec accessTtl, String clientId) {
    // Written out rather than through counted(): the hottest call allocates nothing here.
    long start = System.nanoTime();
    CacheMeters meters = labels.of(id);
    try {
      ReadResult result = delegate.get(id, key, accessTtl, clientId);
      meters.record(RequestKind.GET, readOutcome(result), System.nanoTime() - start);
      read(meters, key, result);
      return result;
    } catch (RuntimeException e) {
      throw failed(meters, RequestKind.GET, start, e);
    }
  }

  @Override
  public CompletableFuture<ReadResult> getAsync(CacheId id, ByteString key, TtlSpec accessTtl,
      String clientId) {
    return countedLater(id, RequestKind.GET,
        () -> delegate.getAsync(id, key, accessTtl, clientId),
        MeteredCacheStore::readOutcome, (meters, result) -> read(meters, key, result));
  }

  private static int readOutcome(ReadResult result) {
    return result.found() ? Outcome.HIT : Outcome.MISS;
  }

  private static void read(CacheMeters meters, ByteString key, ReadResult result) {
    boolean hit = result.found();
    meters.reads(hit ? 1 : 0, hit ? 0 : 1);
    meters.bytes(key.size(), hit ? result.value().size() : 0);
  }

  @Override
  public List<ReadResult> getAll(CacheId id, List<ByteString> keys, TtlSpec accessTtl,
      String clientId) {
    return counted(id, RequestKind.GET_BATCH, () -> delegate.getAll(id, keys, accessTtl, clientId),
        (meters, results) -> readAll(meters, keys, results));
  }

  @Override
  public CompletableFuture<List<ReadResult>> getAllAsync(CacheId id, List<ByteString> keys,
      TtlSpec accessTtl, String clientId) {
    return countedLater(id, RequestKind.GET_BATCH,
        () -> delegate.getAllAsync(id, keys, accessTtl, clientId), r -> Outcome.OK,
        (meters, results) -> readAll(meters, keys, results));
  }

  private static void readAll(CacheMeters meters, List<ByteString> keys,
      List<ReadResult> results) {
    int hits = 0;
    long out = 0;
    for (ReadResult r : results) {
      if (r.found()) {
        hits++;
        out += r.value().size();
      }
    }
    meters.reads(hits, results.size() - hits);
    meters.bytes(keyBytes(keys), out);
  }

  @Override
  public Optional<Long> contains(CacheId id, ByteString key) {
    return counted(id, RequestKind.CONTAINS, () -> delegate.contains(id, key),
        (meters, found) -> meters.bytes(key.size(), 0));
  }

  @Override
  public CompletableFuture<Optional<Long>> containsAsync(CacheId id, ByteString key) {
    return countedLater(id, RequestKind.CONTAINS, () -> delegate.containsAsync(id, key),
        r -> Outcome.OK, (meters, found) -> meters.bytes(key.size(), 0));
  }

  @Override
  public boolean touch(CacheId id, ByteString key, TtlSpec ttl, long expectedVersion,
      String clientId) {
    return counted(id, RequestKind.TOUCH,
        () -> delegate.touch(id, key, ttl, expectedVersion, clientId),
        (meters, touched) -> meters.bytes(key.size(), 0));
  }

  @Override
  public CompletableFuture<Boolean> touchAsync(CacheId id, ByteString key, TtlSpec ttl,
      long expectedVersion, String clientId) {
    return countedLater(id, RequestKind.TOUCH,
        () -> delegate.touchAsync(id, key, ttl, expectedVersion, clientId),
        r -> Outcome.OK, (meters, touched) -> meters.bytes(key.size(), 0));
  }

  @Override
  public WriteResult set(CacheId id, WriteRequest write, String clientId) {
    long start = System.nanoTime();
    CacheMeters meters = labels.of(id);
    try {
      WriteResult result = delegate.set(id, write, clientId);
      meters.record(RequestKind.SET, Outcome.OK, System.nanoTime() - start);
      meters.bytes(writeBytes(write), size(result.previousValue()));
      return result;
    } catch (RuntimeException e) {
      throw failed(meters, RequestKind.SET, start, e);
    }
  }

  @Override
  public CompletableFuture<WriteResult> setAsync(CacheId id, WriteRequest write,
      String clientId) {
    return countedLater(id, RequestKind.SET, () -> delegate.setAsync(id, write, clientId),
        r -> Outcome.OK,
        (meters, result) -> meters.bytes(writeBytes(write), size(result.previousValue())));
  }

  @Override
  public List<WriteResult> setAll(CacheId id, List<WriteRequest> writes, String clientId) {
    return counted(id, RequestKind.SET_BATCH, () -> delegate.setAll(id, writes, clientId),
        (meters, results) -> {
          long in = 0;
          for (WriteRequest w : writes) {
            in += writeBytes(w);
          }
          long out = 0;
          for (WriteResult r : results) {
            out += size(r.previousValue());
          }
          meters.bytes(in, out);
        });
  }

  @Override
  public RemoveResult remove(CacheId id, RemoveRequest removal, String clientId) {
    return counted(id, RequestKind.DELETE, () -> delegate.remove(id, removal, clientId),
        (meters, result) -> meters.bytes(removeBytes(removal), size(result.previousValue())));
  }

  @Override
  public CompletableFuture<RemoveResult> removeAsync(CacheId id, RemoveRequest removal,
      String clientId) {
    return countedLater(id, RequestKind.DELETE, () -> delegate.removeAsync(id, removal, clientId),
        r -> Outcome.OK,
        (meters, result) -> meters.bytes(removeBytes(removal), size(result.previousValue())));
  }

  @Override
  public List<RemoveResult> removeAll(CacheId id, List<RemoveRequest> removals, String clientId) {
    return counted(id, RequestKind.DELETE_BATCH, () -> delegate.removeAll(id, removals, clientId),
        (meters, results) -> {
          long in = 0;
          for (RemoveRequest r : removals) {
            in += removeBytes(r);
          }
          long out = 0;
          for (RemoveResult r : results) {
            out += size(r.previousValue());
          }
          meters.bytes(in, out);
        });
  }

  @Override
  public long clear(CacheId id, String clientId) {
    return counted(id, RequestKind.CLEAR, () -> delegate.clear(id, clientId), (m, n) -> {});
  }

  @Override
  public ScanPage scan(CacheId id, ScanRequest request, String clientId) {
    return counted(id, RequestKind.SCAN, () -> delegate.scan(id, request, clientId),
        (meters, page) -> {
          long out = 0;
          for (var entry : page.entries()) {
            out += entry.key().size() + size(entry.value());
          }
          meters.bytes(0, out);
        });
  }

  @Override
  public Subscription subscribe(CacheId id, ChangeSink sink, long heartbeatMillis) {
    return counted(id, RequestKind.SUBSCRIBE, () -> delegate.subscribe(id, sink, heartbeatMillis),
        (m, s) -> {});
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** What a counted call's result adds besides the call itself (reads, bytes). */
  @FunctionalInterface
  private interface Tally<R> {
    void add(CacheMeters meters, R result);
  }

  private <R> R counted(CacheId id, RequestKind kind, Supplier<R> call, Tally<R> tally) {
    long start = System.nanoTime();
    CacheMeters meters = labels.of(id);
    R result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      throw failed(meters, kind, start, e);
    }
    meters.record(kind, Outcome.OK, System.nanoTime() - start);
    tally.add(meters, result);
    return result;
  }

  /**
   * An async call counted as {@link #counted} counts a blocking one, once it ends: its time is
   * until the store answered. A refusal thrown before the store was asked is counted and thrown.
   */
  private <R> CompletableFuture<R> countedLater(CacheId id, RequestKind kind,
      Supplier<CompletableFuture<R>> call, ToIntFunction<R> outcome,
      Tally<R> tally) {
    long start = System.nanoTime();
    CacheMeters meters = labels.of(id);
    CompletableFuture<R> answer;
    try {
      answer = call.get();
    } catch (RuntimeException e) {
      throw failed(meters, kind, start, e);
    }
    return answer.whenComplete((result, failure) -> {
      if (failure == null) {
        meters.record(kind, outcome.applyAsInt(result), System.nanoTime() - start);
        tally.add(meters, result);
      } else {
        Throwable cause = CacheStore.failureOf(failure);
        ErrorCode code = cause instanceof CirrusException ce ? ce.code() : ErrorCode.INTERNAL;
        meters.record(kind, Outcome.of(code), System.nanoTime() - start);
        COUNTED_LATER.put(cause, Boolean.TRUE);
      }
    });
  }

  /** Counts a failed call under its error's code (a bug's under {@code internal}); returns it. */
  private static RuntimeException failed(CacheMeters meters, RequestKind kind, long start,
      RuntimeException e) {
    ErrorCode code = e instanceof CirrusException ce ? ce.code() : ErrorCode.INTERNAL;
    meters.record(kind, Outcome.of(code), System.nanoTime() - start);
    COUNTED.set(e);
    return e;
  }

  /**
   * Whether {@code failure} is the one this thread's last store call counted, or an async call's
   * counted failure; forgets it if so.
   */
  static boolean countedHere(Throwable failure) {
    if (COUNTED.get() == failure) {
      COUNTED.remove();
      return true;
    }
    return COUNTED_LATER.remove(failure) != null;
  }

  private static long keyBytes(List<ByteString> keys) {
    long total = 0;
    for (ByteString key : keys) {
      total += key.size();
    }
    return total;
  }

  private static long writeBytes(WriteRequest write) {
    return write.key().size() + write.value().size() + write.expectedValue().size();
  }

  private static long removeBytes(RemoveRequest removal) {
    return removal.key().size() + removal.expectedValue().size();
  }

  private static int size(ByteString bytes) {
    return bytes == null ? 0 : bytes.size();
  }
}
