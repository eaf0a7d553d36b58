package dev.cirrus.jcache.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;

/**
 * Threads that each put a new key (its own name as value) and read it back, recording every
 * outcome with the instant ({@link System#nanoTime()}) it was known, so a fault test can tell
 * what was acknowledged before and after the fault and how long service stopped.
 */
final class WriteTraffic {
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
  private volatile boolean running = true;

  WriteTraffic(Cache<String, String> cache, int threadCount) {
    this.cache = cache;
    this.threadCount = threadCount;
  }

  void start() {
    for (int i = 0; i < threadCount; i++) {
      Thread t = new Thread(this::run, "traffic-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  private void run() {
    while (running) {
      String key = "k" + next.incrementAndGet();
      try {
        cache.put(key, key);
        long at = System.nanoTime();
        acknowledged.put(key, at);
        successes.add(at);
      } catch (CacheException e) {
        failedWrites.add(new Failure(System.nanoTime(), e.getMessage()));
        continue;
      }
      try {
        cache.get(key);
        successes.add(System.nanoTime());
      } catch (CacheException e) {
        failedReads.add(new Failure(System.nanoTime(), e.getMessage()));
      }
    }
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
}
