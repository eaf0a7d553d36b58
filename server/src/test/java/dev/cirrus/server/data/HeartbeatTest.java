package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.ttl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.feed.ChangeFeed;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Heartbeats are what a near cache trusts its stream by: no client can make the server send them
 * faster than {@link ChangeFeed#MIN_HEARTBEAT_MILLIS}, and no sweep of expired entries holds them up.
 */
class HeartbeatTest {
  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.sweepInterval(Duration.ofMillis(20)));

  @Test
  void heartbeatAskedEveryMillisecond_isSentAtTheMinimumInterval() throws InterruptedException {
    String cache = server.newCache();
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).setHeartbeatMillis(1).build())) {
      long start = System.nanoTime();
      int beats = 0;
      while (System.nanoTime() - start < 1_000_000_000L) {
        ChangeEvent event = events.poll(Duration.ofMillis(100));
        if (event != null) {
          assertEquals(ChangeType.CHANGE_TYPE_HEARTBEAT, event.getType());
          beats++;
        }
      }
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      // At a fixed rate a late scheduler catches up, so count what a second may hold at most.
      assertTrue(beats >= 1, "no heartbeat at all");
      assertTrue(beats <= elapsedMillis / ChangeFeed.MIN_HEARTBEAT_MILLIS + 3,
          beats + " heartbeats in " + elapsedMillis + " ms");
    }
  }

  @Test
  void sweepOfManyExpiredEntries_doesNotHoldUpHeartbeats() throws InterruptedException {
    String swept = server.newCache();
    int entries = 200_000;
    for (int i = 0; i < entries; i += 1000) {
      SetBatchRequest.Builder batch = SetBatchRequest.newBuilder().setCache(swept);
      for (int j = i; j < i + 1000; j++) {
        batch.addWrites(Write.newBuilder().setKey(bytes("k" + j)).setValue(bytes("v"))
            .setCreateTtl(ttl(Duration.ofSeconds(1))));
      }
      server.data().setBatch(batch.build());
    }
    String quiet = server.newCache();
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(quiet).setHeartbeatMillis(30).build())) {
      server.clock().advance(Duration.ofSeconds(2));
      long start = System.nanoTime();
      // The entry count is read on another thread: over Redis a read waits behind the sweep's
      // scripts on the shard, and beats must be timed as they arrive, not after such a read.
      // A long sweep on a loaded machine may see the cluster fail a shard over for a moment
      // (CLUSTERDOWN): the count is asked again until the bound, and the watcher always ends the
      // wait, so a failure ends the test instead of leaving it polling.
      AtomicBoolean sweepEnded = new AtomicBoolean();
      AtomicReference<RuntimeException> lastFailure = new AtomicReference<>();
      Thread watcher = new Thread(() -> {
        try {
          while (System.nanoTime() - start < 60_000_000_000L) {
            try {
              if (entryCount(swept) == 0) {
                break;
              }
            } catch (StatusRuntimeException e) {
              if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                throw e;
              }
              lastFailure.set(e);
            }
            Thread.sleep(10);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          lastFailure.set(e);
        } finally {
          sweepEnded.set(true);
        }
      }, "sweep-watcher");
      watcher.start();
      List<Long> beats = new ArrayList<>();
      while (!sweepEnded.get()) {
        ChangeEvent event = events.poll(Duration.ofMillis(10));
        if (event != null) {
          beats.add(System.nanoTime());
        }
      }
      watcher.join();
      assertEquals(0, entryCount(swept), "sweep not done within 60 s; last failure of the"
          + " count: " + lastFailure.get());
      long sweepMillis = (System.nanoTime() - start) / 1_000_000;
      long longestGap = longestGapMillis(start, beats, System.nanoTime());
      System.out.printf("HeartbeatTest: %d entries swept in %d ms (%s store), longest heartbeat"
          + " gap %d ms%n", entries, sweepMillis, CirrusServerExtension.onRedis() ? "redis" : "memory",
          longestGap);
      // Only meaningful when the sweep is long against the heartbeat interval.
      assertTrue(sweepMillis >= 300, "the sweep took only " + sweepMillis + " ms; sweep more entries");
      assertTrue(longestGap < sweepMillis / 2,
          "heartbeats stopped for " + longestGap + " ms of a " + sweepMillis + " ms sweep");
    }
  }

  private static long longestGapMillis(long start, List<Long> beats, long end) {
    long longest = 0;
    long previous = start;
    for (long beat : beats) {
      longest = Math.max(longest, beat - previous);
      previous = beat;
    }
    return Math.max(longest, end - previous) / 1_000_000;
  }

  private static long entryCount(String cache) {
    return server.control().describeCache(DescribeCacheRequest.newBuilder().setName(cache).build())
        .getCache().getEntryCount();
  }
}
