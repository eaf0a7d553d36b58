package dev.cirrus.server.limits;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.cirrus.server.feed.ChangeSink;
import dev.cirrus.server.feed.Subscription;
import dev.cirrus.server.store.AnswerBytes;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A {@link CacheStore} that refuses requests over the {@link Limits} and hands the rest to the
 * backend. Checks run before the backend sees anything, so a refused request changes nothing.
 * The per-account cache count is checked before creating; concurrent creates may overshoot it by
 * the number of racing calls, which is acceptable for a quota that protects memory, not money.
 *
 * <p>Answers are bounded too ({@link Limits#maxResponseBytes()}): a scan page ends early, and a
 * batch whose answer would be larger is refused once the backend has answered, before any door
 * copies it into a message (a GetBatch of one large key repeated a thousand times would otherwise
 * make the server build a gigabyte). A refused write batch has been applied; its refusal says so.
 */
public final class LimitedCacheStore implements CacheStore {
  private final CacheStore delegate;
  private final Limits limits;
  private final RequestChecks checks;

  public LimitedCacheStore(CacheStore delegate, Limits limits) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.limits = requireNonNull(limits, "limits");
    this.checks = new RequestChecks(limits);
  }

  @Override
  public CreateResult create(CacheId id, ByteString clientConfig, boolean ifAbsent) {
    checks.cacheName(id.name());
    checks.config(clientConfig);
    // One look-up: with a remote store each costs a round trip.
    Optional<CacheInfo> existing = delegate.describe(id);
    if (ifAbsent && existing.isPresent()) {
      return new CreateResult(existing.get(), false);
    }
    if (existing.isEmpty()) {
      checks.cacheCount(id.account(), delegate.cacheCount(id.account()));
    }
    return delegate.create(id, clientConfig, ifAbsent);
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

  @Override
  public int cacheCount(String account) {
    return delegate.cacheCount(account);
  }

  @Override
  public boolean delete(CacheId id) {
    return delegate.delete(id);
  }

  // Each single-key operation's checks are written once, for its blocking and its async form.

  @Override
  public ReadResult get(CacheId id, ByteString key, TtlSpec accessTtl, String clientId) {
    check(key, accessTtl);
    return delegate.get(id, key, accessTtl, clientId);
  }

  @Override
  public CompletableFuture<ReadResult> getAsync(CacheId id, ByteString key, TtlSpec accessTtl,
      String clientId) {
    check(key, accessTtl);
    return delegate.getAsync(id, key, accessTtl, clientId);
  }

  private void check(ByteString key, TtlSpec ttl) {
    checks.key(key);
    checks.ttl(ttl);
  }

  @Override
  public List<ReadResult> getAll(CacheId id, List<ByteString> keys, TtlSpec accessTtl, String clientId) {
    checkBatch(keys, accessTtl);
    return checkedAnswer(keys, delegate.getAll(id, keys, accessTtl, clientId));
  }

  @Override
  public CompletableFuture<List<ReadResult>> getAllAsync(CacheId id, List<ByteString> keys,
      TtlSpec accessTtl, String clientId) {
    checkBatch(keys, accessTtl);
    return delegate.getAllAsync(id, keys, accessTtl, clientId)
        .thenApply(results -> checkedAnswer(keys, results));
  }

  private void checkBatch(List<ByteString> keys, TtlSpec accessTtl) {
    checks.batch(keys.size());
    checks.ttl(accessTtl);
    keys.forEach(checks::key);
  }

  private List<ReadResult> checkedAnswer(List<ByteString> keys, List<ReadResult> results) {
    checks.answer(AnswerBytes.reads(results), "GetBatch of " + keys.size() + " keys",
        "ask for fewer keys per batch");
    return results;
  }

  @Override
  public Optional<Long> contains(CacheId id, ByteString key) {
    checks.key(key);
    return delegate.contains(id, key);
  }

  @Override
  public CompletableFuture<Optional<Long>> containsAsync(CacheId id, ByteString key) {
    checks.key(key);
    return delegate.containsAsync(id, key);
  }

  @Override
  public boolean touch(CacheId id, ByteString key, TtlSpec ttl, long expectedVersion, String clientId) {
    check(key, ttl);
    return delegate.touch(id, key, ttl, expectedVersion, clientId);
  }

  @Override
  public CompletableFuture<Boolean> touchAsync(CacheId id, ByteString key, TtlSpec ttl,
      long expectedVersion, String clientId) {
    check(key, ttl);
    return delegate.touchAsync(id, key, ttl, expectedVersion, clientId);
  }

  @Override
  public WriteResult set(CacheId id, WriteRequest write, String clientId) {
    check(write);
    return delegate.set(id, write, clientId);
  }

  @Override
  public CompletableFuture<WriteResult> setAsync(CacheId id, WriteRequest write, String clientId) {
    check(write);
    return delegate.setAsync(id, write, clientId);
  }

  @Override
  public List<WriteResult> setAll(CacheId id, List<WriteRequest> writes, String clientId) {
    checks.batch(writes.size());
    writes.forEach(this::check);
    List<WriteResult> results = delegate.setAll(id, writes, clientId);
    checks.answer(AnswerBytes.writes(results), "SetBatch of " + writes.size() + " writes",
        "the writes were applied, but ask for previous values in smaller batches");
    return results;
  }

  private void check(WriteRequest write) {
    checks.key(write.key());
    checks.value(write.value());
    checks.value(write.expectedValue());
    checks.ttl(write.createTtl());
    checks.ttl(write.updateTtl());
    checks.ttl(write.notAppliedAccessTtl());
  }

  @Override
  public RemoveResult remove(CacheId id, RemoveRequest removal, String clientId) {
    check(removal);
    return delegate.remove(id, removal, clientId);
  }

  @Override
  public CompletableFuture<RemoveResult> removeAsync(CacheId id, RemoveRequest removal,
      String clientId) {
    check(removal);
    return delegate.removeAsync(id, removal, clientId);
  }

  @Override
  public List<RemoveResult> removeAll(CacheId id, List<RemoveRequest> removals, String clientId) {
    checks.batch(removals.size());
    removals.forEach(this::check);
    List<RemoveResult> results = delegate.removeAll(id, removals, clientId);
    checks.answer(AnswerBytes.removals(results), "DeleteBatch of " + removals.size() + " removals",
        "the removals were applied, but ask for previous values in smaller batches");
    return results;
  }

  private void check(RemoveRequest removal) {
    checks.key(removal.key());
    checks.value(removal.expectedValue());
    checks.ttl(removal.notAppliedAccessTtl());
  }

  @Override
  public long clear(CacheId id, String clientId) {
    return delegate.clear(id, clientId);
  }

  @Override
  public ScanPage scan(CacheId id, ScanRequest request, String clientId) {
    checks.notNegative("limit", request.limit());
    checks.ttl(request.accessTtl());
    int limit = Math.min(request.limit(), limits.maxBatchSize());
    return delegate.scan(
        id, new ScanRequest(request.cursor(), limit, request.includeValues(), request.accessTtl(),
            limits.maxResponseBytes()),
        clientId);
  }

  @Override
  public Subscription subscribe(CacheId id, ChangeSink sink, long heartbeatMillis) {
    checks.notNegative("heartbeat_millis", heartbeatMillis);
    return delegate.subscribe(id, sink, heartbeatMillis);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
