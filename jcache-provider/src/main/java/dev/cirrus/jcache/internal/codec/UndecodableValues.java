package dev.cirrus.jcache.internal.codec;

import dev.cirrus.jcache.codec.CodecException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * What one CacheManager does with stored values it cannot decode ({@link OnUndecodable}), and how
 * many it met. Each reason (a refused or missing class, corrupt bytes) is logged once as a
 * warning with the codec's explanation and fix, so a cache full of values of a class that changed
 * in a deploy logs one line, not one per read. Thread-safe.
 */
public final class UndecodableValues {

  /** Reasons remembered for "once": beyond this many distinct ones, warnings stop. */
  static final int MAX_WARNED = 256;

  private static final Logger LOG = Logger.getLogger(UndecodableValues.class.getName());

  private final OnUndecodable policy;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final LongAdder count = new LongAdder();

  public UndecodableValues(OnUndecodable policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public OnUndecodable policy() {
    return policy;
  }

  /** Values met that could not be decoded, under either policy. */
  public long count() {
    return count.sum();
  }

  /**
   * Counts a value of {@code cache} that failed to decode with {@code e}; rethrows it under
   * {@link OnUndecodable#FAIL}, else logs it (once per reason) and returns, for the caller to
   * treat the entry as absent.
   */
  public void met(String cache, CodecException e) {
    count.increment();
    if (policy == OnUndecodable.FAIL) {
      throw e;
    }
    String reason = e instanceof UndecodableValueException u ? u.what()
        : e.getClass().getName() + " from " + "the configured cirrus.codec";
    if (warned.size() < MAX_WARNED && warned.add(reason)) {
      LOG.warning("Cirrus cache '" + cache + "': a stored value of " + reason + " cannot be"
          + " decoded, so reads treat such entries as absent (a loader, Spring or Hibernate"
          + " recomputes and overwrites them; this is logged once per class). "
          + e.getMessage() + ". Set cirrus.codec.on-undecodable=fail to fail such reads instead");
    }
  }
}
