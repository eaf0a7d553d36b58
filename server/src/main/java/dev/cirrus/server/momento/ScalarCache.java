package dev.cirrus.server.momento;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import dev.cirrus.server.error.SafeText;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.CacheStore;
import dev.cirrus.server.store.ReadResult;
import dev.cirrus.server.store.RemoveRequest;
import dev.cirrus.server.store.TtlSpec;
import dev.cirrus.server.store.WriteCondition;
import dev.cirrus.server.store.WriteRequest;
import dev.cirrus.server.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Momento's scalar operations as calls of the one {@link CacheStore}, so that an entry written
 * through Momento's protocol is the entry JCache reads and the reverse. Operations the store has
 * no single call for (a condition on the stored value, an increment, a TTL change that depends on
 * the TTL left) read the entry and commit with a compare-and-set on the version read (or on its
 * absence), reading again when another write came between: each is atomic per key, like the
 * store's own. Nothing reads or moves an entry's expiry unless the operation is about it.
 */
public final class ScalarCache {
  /**
   * Compare-and-set rounds before a conditional write gives up: only a key written this many
   * times during one call gets there, and the caller is told to retry rather than left waiting.
   */
  static final int MAX_ATTEMPTS = 1_000;

  /** What an {@link #updateTtl} call did. */
  public enum TtlOutcome {
    SET,
    NOT_SET,
    MISSING
  }

  private final CacheStore store;

  public ScalarCache(CacheStore store) {
    this.store = requireNonNull(store, "store");
  }

  /** The live entry (expiry untouched). */
  public ReadResult get(CacheId id, ByteString key, String writer) {
    return store.get(id, key, TtlSpec.DEFAULT, writer);
  }

  /** The live entries of {@code keys}, in order (expiries untouched). */
  public List<ReadResult> getAll(CacheId id, List<ByteString> keys, String writer) {
    return store.getAll(id, keys, TtlSpec.DEFAULT, writer);
  }

  /** Stores {@code value} under {@code key} for {@code ttl}, replacing any entry. */
  public void set(CacheId id, ByteString key, ByteString value, TtlSpec ttl, String writer) {
    store.set(id, write(key, value, WriteCondition.ALWAYS, 0, ttl), writer);
  }

  /** {@link #set} for each write, atomic per key. */
  public void setAll(CacheId id, List<WriteRequest> writes, String writer) {
    store.setAll(id, writes, writer);
  }

  /** An unconditional write of {@code value} for {@code ttl}, for {@link #setAll}. */
  public static WriteRequest write(ByteString key, ByteString value, TtlSpec ttl) {
    return write(key, value, WriteCondition.ALWAYS, 0, ttl);
  }

  public void delete(CacheId id, ByteString key, String writer) {
    store.remove(id, RemoveRequest.always(key), writer);
  }

  /**
   * Stores {@code value} when {@code condition} holds for the stored value (null: no entry), as
   * one atomic step: a write between the check and the store makes the check run again.
   *
   * @return whether the value was stored
   */
  public boolean setIf(CacheId id, ByteString key, ByteString value, TtlSpec ttl,
      Predicate<ByteString> condition, String writer) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      ReadResult current = get(id, key, writer);
      if (!condition.test(current.found() ? current.value() : null)) {
        return false;
      }
      if (store.set(id, guarded(key, value, ttl, current), writer).applied()) {
        return true;
      }
    }
    throw contended(key);
  }

  /**
   * Adds {@code amount} to the base-10 integer stored under {@code key} (0 when absent) and stores
   * the sum, in decimal digits, for {@code ttl}.
   *
   * @return the sum
   */
  public long increment(CacheId id, ByteString key, long amount, TtlSpec ttl, String writer) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      ReadResult current = get(id, key, writer);
      long sum = add(current.found() ? integer(key, current.value()) : 0, amount, key);
      ByteString digits = ByteString.copyFrom(Long.toString(sum), StandardCharsets.US_ASCII);
      WriteResult result = store.set(id, guarded(key, digits, ttl, current), writer);
      if (result.applied()) {
        return sum;
      }
    }
    throw contended(key);
  }

  /**
   * Gives the entry {@code millis} to live from now when {@code applies} holds for the time it
   * has left ({@link Long#MAX_VALUE} for an entry that never expires).
   */
  public TtlOutcome updateTtl(CacheId id, ByteString key, long millis, LongPredicate applies,
      String writer) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      ReadResult current = get(id, key, writer);
      if (!current.found()) {
        return TtlOutcome.MISSING;
      }
      if (!applies.test(remaining(current))) {
        return TtlOutcome.NOT_SET;
      }
      if (store.touch(id, key, TtlSpec.ofMillis(millis), current.version(), writer)) {
        return TtlOutcome.SET;
      }
    }
    throw contended(key);
  }

  /** The time {@code read}'s entry has left: {@link Long#MAX_VALUE} when it never expires. */
  public static long remaining(ReadResult read) {
    return read.expiresInMillis() == 0 ? Long.MAX_VALUE : read.expiresInMillis();
  }

  /** The write of {@code value} that applies only while the key is as {@code current} saw it. */
  private static WriteRequest guarded(ByteString key, ByteString value, TtlSpec ttl,
      ReadResult current) {
    return current.found()
        ? write(key, value, WriteCondition.VERSION_EQUALS, current.version(), ttl)
        : write(key, value, WriteCondition.IF_ABSENT, 0, ttl);
  }

  private static WriteRequest write(ByteString key, ByteString value, WriteCondition condition,
      long expectedVersion, TtlSpec ttl) {
    return new WriteRequest(key, value, condition, ByteString.EMPTY, expectedVersion, ttl, ttl,
        TtlSpec.DEFAULT, false);
  }

  private static long integer(ByteString key, ByteString value) {
    String text = value.toString(StandardCharsets.UTF_8);
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw CirrusException.invalidArgument(ErrorCause.INVALID_REQUEST,
          "the value stored under key '" + SafeText.excerpt(key.toStringUtf8()) + "' is not a"
              + " base-10 integer, so it cannot be incremented; increment a key that holds"
              + " decimal digits (or none), or set it to a number first",
          Map.of("value", SafeText.excerpt(text)));
    }
  }

  private static long add(long stored, long amount, ByteString key) {
    try {
      return Math.addExact(stored, amount);
    } catch (ArithmeticException e) {
      throw CirrusException.invalidArgument(ErrorCause.INVALID_REQUEST,
          "incrementing key '" + SafeText.excerpt(key.toStringUtf8()) + "' (" + stored + ") by "
              + amount + " overflows a 64-bit integer; use a smaller amount",
          Map.of("value", Long.toString(stored), "amount", Long.toString(amount)));
    }
  }

  private static CirrusException contended(ByteString key) {
    return CirrusException.unavailable(
        "key '" + SafeText.excerpt(key.toStringUtf8()) + "' changed " + MAX_ATTEMPTS
            + " times while this conditional call was checking it; retry the call");
  }
}
