package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.cache.Cache;
import javax.cache.CacheException;

/**
 * Threads that each put a new key (its own name as value) and read it back, recording every
 * outcome with the instant ({@link System#nanoTime()}) it was known, so a fault test can tell
 * what was acknowledged before and after the fault and how long service stopped.
 */
final class WriteTraffic {
  private static final int READ_BATCH = 200;
  /** A call slower than this counts as a disruption of service. */
  static final Duration SLOW = Duration.ofSeconds(1);

  /** A failed call: when it failed and what the caller was told. */
  record Failure(long at, String message) {}

  final List<Failure> failedReads = new CopyOnWriteArrayList<>();
  final List<Failure> failedWrites = new CopyOnWriteArrayList<>();
  /** Per acknowledged write: its key and the nanoTime of its answer. */
  final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
  final List<Long> successes = new CopyOnWriteArrayList<>();
  private final Cache<String, String> cache;
  private final int threadCount;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong next = new AtomicLong();
  private final AtomicLongArray inFlightSince;
  private final AtomicLong lastDisruption = new AtomicLong();
  private volatile boolean running = true;

  WriteTraffic(Cache<String, String> cache, int threadCount) {
    this.cache = cache;
    this.threadCount = threadCount;
    this.inFlightSince = new AtomicLongArray(threadCount);
  }

  void start() {
    for (int i = 0; i < threadCount; i++) {
      int index = i;
      Thread t = new Thread(() -> run(index), "traffic-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  private void run(int index) {
    while (running) {
      String key = "k" + next.incrementAndGet();
      long start = begin(index);
      try {
        cache.put(key, key);
        long at = end(index, start, false);
        acknowledged.put(key, at);
        successes.add(at);
      } catch (CacheException e) {
        failedWrites.add(new Failure(end(index, start, true), e.getMessage()));
        continue;
      }
      start = begin(index);
      try {
        cache.get(key);
        successes.add(end(index, start, false));
      } catch (CacheException e) {
        failedReads.add(new Failure(end(index, start, true), e.getMessage()));
      }
    }
  }

  private long begin(int index) {
    long now = System.nanoTime();
    inFlightSince.set(index, now);
    return now;
  }

  /** Records the end of a call; a failed or slow one moves {@link #lastDisruption()}. */
  private long end(int index, long start, boolean failed) {
    long now = System.nanoTime();
    inFlightSince.set(index, 0);
    if (failed || now - start > SLOW.toNanos()) {
      lastDisruption.accumulateAndGet(now, Math::max);
    }
    return now;
  }

  /** When the last call that failed or took longer than {@link #SLOW} ended (0 if none did). */
  long lastDisruption() {
    return lastDisruption.get();
  }

  /** Whether a call has been waiting longer than {@link #SLOW} now. */
  boolean stalled() {
    long now = System.nanoTime();
    for (int i = 0; i < inFlightSince.length(); i++) {
      long since = inFlightSince.get(i);
      if (since != 0 && now - since > SLOW.toNanos()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the traffic for {@code before}, then {@code fault}, then {@code after} more, and stops
   * it; answers the instant the fault was over (answers before it may predate the fault).
   */
  long across(Duration before, Runnable fault, Duration after) throws InterruptedException {
    start();
    Thread.sleep(before.toMillis());
    fault.run();
    long faultAt = System.nanoTime();
    Thread.sleep(after.toMillis());
    stop();
    return faultAt;
  }

  /**
   * Asserts what a client sees when the node it uses dies: no read failed (they are sent again
   * to the next node), and only writes in flight failed, at most two per thread, each saying it
   * may or may not have been applied.
   */
  void assertOnlyWritesInFlightFailed() {
    assertTrue(failedReads.isEmpty(), "reads failed: " + failedReadMessages());
    for (String failure : failedWriteMessages()) {
      assertTrue(failure.contains("may or may not have been applied"), failure);
    }
    assertTrue(failedWrites.size() <= 2 * threadCount, "writes failed: " + failedWriteMessages());
  }

  void stop() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(30_000);
    }
  }

  /** The first success after {@code instant} (far in the future when there was none). */
  long firstSuccessAfter(long instant) {
    return successes.stream().filter(t -> t > instant).min(Long::compare)
        .orElse(Long.MAX_VALUE / 2);
  }

  /** The keys whose put was acknowledged after {@code instant}. */
  List<String> acknowledgedAfter(long instant) {
    return acknowledged.entrySet().stream().filter(e -> e.getValue() > instant)
        .map(Map.Entry::getKey).toList();
  }

  /** The keys whose put was acknowledged before {@code instant}. */
  List<String> acknowledgedBefore(long instant) {
    return acknowledged.entrySet().stream().filter(e -> e.getValue() <= instant)
        .map(Map.Entry::getKey).toList();
  }

  /** The messages of the failed writes. */
  List<String> failedWriteMessages() {
    return failedWrites.stream().map(Failure::message).toList();
  }

  /** The messages of the failed reads. */
  List<String> failedReadMessages() {
    return failedReads.stream().map(Failure::message).toList();
  }

  /** The keys among {@code keys} that {@code cache} does not hold with their own name as value. */
  static List<String> missing(Cache<String, String> cache, List<String> keys) {
    List<String> missing = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += READ_BATCH) {
      Set<String> batch = new HashSet<>(keys.subList(from, Math.min(keys.size(), from + READ_BATCH)));
      Map<String, String> found = cache.getAll(batch);
      for (String key : batch) {
        if (!key.equals(found.get(key))) {
          missing.add(key);
        }
      }
    }
    return missing;
  }
}
