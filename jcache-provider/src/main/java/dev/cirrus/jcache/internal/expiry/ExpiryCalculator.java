package dev.cirrus.jcache.internal.expiry;

import dev.cirrus.jcache.internal.client.Ttl;
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
 * Asks a cache's {@link ExpiryPolicy} for durations and turns them into the {@link Ttl}s calls
 * carry: a null answer is {@link Ttl#ETERNAL} for a creation and {@link Ttl#UNCHANGED} for an
 * update or an access, {@code Duration.ZERO} is {@link Ttl#ZERO} (expired at once).
 *
 * <p>A policy that throws is treated as having answered null: eternal for a creation, no change
 * for an update or an access, so a faulty policy never loses an entry.
 */
public final class ExpiryCalculator {

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
    return d == null ? Ttl.ETERNAL : toTtl(d);
  }

  /** TTL for an updated entry; null means unchanged. */
  public Ttl forUpdate() {
    Duration d = ask(policy::getExpiryForUpdate);
    return d == null ? Ttl.UNCHANGED : toTtl(d);
  }

  /** TTL for an accessed entry; null means unchanged. */
  public Ttl forAccess() {
    Duration d = ask(policy::getExpiryForAccess);
    return d == null ? Ttl.UNCHANGED : toTtl(d);
  }

  /** The TTL to send up front for a creation: the policy's when predictable, else eternal. */
  public Ttl creationUpFront() {
    return predictable ? standardAnswers()[0] : Ttl.ETERNAL;
  }

  public Ttl updateUpFront() {
    return predictable ? standardAnswers()[1] : Ttl.UNCHANGED;
  }

  public Ttl accessUpFront() {
    return predictable ? standardAnswers()[2] : Ttl.UNCHANGED;
  }

  /** Whether an access never changes an entry's expiry: a standard policy without access TTL. */
  public boolean accessNeverChanges() {
    return predictable && standardAnswers()[2].isUnchanged();
  }

  static Ttl toTtl(Duration d) {
    if (d.isEternal()) {
      return Ttl.ETERNAL;
    }
    if (d.isZero()) {
      return Ttl.ZERO;
    }
    long millis = d.getTimeUnit().toMillis(d.getDurationAmount());
    // A positive duration below a millisecond must not become "expired now".
    return Ttl.ofMillis(Math.max(1, millis));
  }

  private static Duration ask(Supplier<Duration> question) {
    try {
      return question.get();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
