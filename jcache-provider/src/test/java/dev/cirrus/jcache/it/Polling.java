package dev.cirrus.jcache.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.opentest4j.AssertionFailedError;

/** Waits for a condition that another process or thread makes true, with a bound. */
final class Polling {
  private Polling() {}

  static void until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionFailedError("condition not met within " + timeout.toMillis() + " ms");
      }
      Thread.sleep(20);
    }
  }
}
