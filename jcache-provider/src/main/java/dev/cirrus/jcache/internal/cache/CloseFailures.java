package dev.cirrus.jcache.internal.cache;

import java.util.ArrayList;
import java.util.List;
import javax.cache.CacheException;

/**
 * Collects what failed while closing, so that every step runs even when an earlier one failed, and
 * reports it once: the first failure as the cause, the rest as suppressed.
 */
public final class CloseFailures {
  private final List<Throwable> failures = new ArrayList<>();

  /** Runs one closing step, keeping its failure. */
  public void run(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  public void add(Throwable failure) {
    failures.add(failure);
  }

  /** The list steps may add to directly (collaborators that close several things). */
  public List<Throwable> list() {
    return failures;
  }

  /** Throws a CacheException naming {@code what} if any step failed. */
  public void throwIfAny(String what) {
    if (failures.isEmpty()) {
      return;
    }
    CacheException e = new CacheException("Closing " + what + " failed: "
        + failures.get(0).getMessage(), failures.get(0));
    failures.subList(1, failures.size()).forEach(e::addSuppressed);
    throw e;
  }
}
