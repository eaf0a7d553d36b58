package dev.cirrus.jcache.expiry;

import dev.cirrus.proto.v1.Ttl;
import dev.cirrus.proto.v1.TtlMode;
import java.util.Objects;
import java.util.function.Supplier;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Asks a cache's {@link ExpiryPolicy} for durations and turns them into wire {@link Ttl}s.
 *
 * <p>A policy that throws is treated as having answered null: eternal for a creation, no change
 * for an update or an access, so a faulty policy never loses an entry.
 */
public final class ExpiryCalculator {

  public static final Ttl ETERNAL = Ttl.newBuilder().setMode(TtlMode.TTL_MODE_ETERNAL).build();
  public static final Ttl UNCHANGED = Ttl.newBuilder().setMode(TtlMode.TTL_MODE_UNCHANGED).build();
  public static final Ttl ZERO =
      Ttl.newBuilder().setMode(TtlMode.TTL_MODE_DURATION).setMillis(0).build();

  private final ExpiryPolicy policy;
  private final boolean predictable;

  public ExpiryCalculator(ExpiryPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.predictable = isStandard(policy);
  }

  /**
   * The standard policies answer the same every time, so their answers are worked out once, on
   * first use, and kept; a custom policy is asked every time, as the spec requires.
   */
  private volatile Ttl[] standardAnswers;

  private Ttl[] standardAnswers() {
    Ttl[] answers = standardAnswers;
    if (answers == null) {
      answers = new Ttl[] {forCreation(), forUpdate(), forAccess()};
      standardAnswers = answers;
    }
    return answers;
  }

  public ExpiryPolicy policy() {
    return policy;
  }

  /**
   * Whether the policy is one of {@code javax.cache.expiry}'s: pure functions of nothing, so asking
   * them ahead of the outcome changes nothing a user can observe.
   */
  public boolean predictable() {
    return predictable;
  }

  private static boolean isStandard(ExpiryPolicy policy) {
    Class<?> c = policy.getClass();
    return c == EternalExpiryPolicy.class
        || c == CreatedExpiryPolicy.class
        || c == AccessedExpiryPolicy.class
        || c == ModifiedExpiryPolicy.class
        || c == TouchedExpiryPolicy.class;
  }

  /** TTL for a created entry; a null answer means eternal. */
  public Ttl forCreation() {
    Duration d = ask(policy::getExpiryForCreation);
    return d == null ? ETERNAL : toTtl(d);
  }

  /** TTL for an updated entry; null means unchanged. */
  public Ttl forUpdate() {
    Duration d = ask(policy::getExpiryForUpdate);
    return d == null ? UNCHANGED : toTtl(d);
  }

  /** TTL for an accessed entry; null means unchanged. */
  public Ttl forAccess() {
    Duration d = ask(policy::getExpiryForAccess);
    return d == null ? UNCHANGED : toTtl(d);
  }

  /** The TTL to send up front for a creation: the policy's when predictable, else eternal. */
  public Ttl creationUpFront() {
    return predictable ? standardAnswers()[0] : ETERNAL;
  }

  public Ttl updateUpFront() {
    return predictable ? standardAnswers()[1] : UNCHANGED;
  }

  public Ttl accessUpFront() {
    return predictable ? standardAnswers()[2] : UNCHANGED;
  }

  /** Whether an access never changes an entry's expiry: a standard policy without access TTL. */
  public boolean accessNeverChanges() {
    return predictable && isUnchanged(standardAnswers()[2]);
  }

  public static boolean isUnchanged(Ttl ttl) {
    return ttl.getMode() == TtlMode.TTL_MODE_UNCHANGED
        || ttl.getMode() == TtlMode.TTL_MODE_UNSPECIFIED;
  }

  public static boolean isZero(Ttl ttl) {
    return ttl.getMode() == TtlMode.TTL_MODE_DURATION && ttl.getMillis() == 0;
  }

  static Ttl toTtl(Duration d) {
    if (d.isEternal()) {
      return ETERNAL;
    }
    if (d.isZero()) {
      return ZERO;
    }
    long millis = d.getTimeUnit().toMillis(d.getDurationAmount());
    // A positive duration below a millisecond must not become "expired now".
    return Ttl.newBuilder().setMode(TtlMode.TTL_MODE_DURATION).setMillis(Math.max(1, millis)).build();
  }

  private static Duration ask(Supplier<Duration> question) {
    try {
      return question.get();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
