package dev.cirrus.server.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.Limit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker pool of heavy calls serves accounts in turn and bounds each. Tasks here sleep rather
 * than compute, so the order and the waits hold on a loaded machine.
 */
class FairExecutorTest {
  private static final long TASK_MS = 20;
  private FairExecutor executor;

  @AfterEach
  void shutdown() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void accountFloodingTheWorkers_anotherAccountsTask_runsWithoutWaitingForTheFlood()
      throws Exception {
    executor = new FairExecutor(2, 1000, 10, Thread::new);
    int floodTasks = 100;
    AtomicInteger floodDone = new AtomicInteger();
    List<FairExecutor.Admission> flood = new ArrayList<>();
    for (int i = 0; i < floodTasks; i++) {
      FairExecutor.Admission call = executor.admit("flooder");
      flood.add(call);
      call.execute(() -> {
        sleep(TASK_MS);
        floodDone.incrementAndGet();
      });
    }
    CountDownLatch quietRan = new CountDownLatch(1);
    long start = System.nanoTime();
    executor.admit("quiet").execute(quietRan::countDown);
    assertTrue(quietRan.await(30, TimeUnit.SECONDS));
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    // One queue for all would have run it after the flood: 100 tasks of 20 ms on 2 workers, 1 s.
    // The flooder runs on one worker at most, so the other is free for it at once.
    assertTrue(waitedMs < 500, "the quiet account's task waited " + waitedMs + " ms");
    assertTrue(floodDone.get() < floodTasks / 2, "ran after " + floodDone.get() + " flood tasks");
    flood.forEach(FairExecutor.Admission::release);
  }

  @Test
  void accountsWithTasksWaiting_areServedInTurn() throws Exception {
    executor = new FairExecutor(2, 1000, 10, Thread::new);
    // Hold the one worker an account may use; the other takes a's first task, which waits until
    // both accounts have queued all of theirs.
    CountDownLatch release = new CountDownLatch(1);
    executor.admit("blocker").execute(() -> await(release));
    CountDownLatch queued = new CountDownLatch(1);
    List<String> order = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(6);
    List<String> accounts = List.of("a", "a", "a", "b", "b", "b");
    for (int i = 0; i < accounts.size(); i++) {
      String account = accounts.get(i);
      boolean first = i == 0;
      executor.admit(account).execute(() -> {
        if (first) {
          await(queued);
        }
        synchronized (order) {
          order.add(account);
        }
        done.countDown();
      });
    }
    queued.countDown();
    assertTrue(done.await(30, TimeUnit.SECONDS));
    release.countDown();
    // One worker is held, so the other takes one task of each account in turn, not a's three
    // first (a's tasks were queued before b's).
    assertEquals(List.of("a", "b", "a", "b", "a", "b"), order);
  }

  @Test
  void accountOverItsBound_refusedNamingAccountLimitAndFlag_admittedAgainOnceACallEnds() {
    executor = new FairExecutor(2, 2, 10, Thread::new);
    FairExecutor.Admission first = executor.admit("acme");
    executor.admit("acme");
    CirrusException refused = assertThrows(CirrusException.class, () -> executor.admit("acme"));
    assertEquals(Limit.QUEUED_CALLS, refused.limit());
    assertTrue(refused.getMessage().contains("'acme'") && refused.getMessage().contains("2")
        && refused.getMessage().contains("--account-queued-calls"), refused.getMessage());
    assertEquals("2", refused.facts().get("limit"));
    // Another account has a bound of its own.
    executor.admit("other");
    first.release();
    first.release(); // idempotent: frees one place, not two
    executor.admit("acme");
    assertThrows(CirrusException.class, () -> executor.admit("acme"));
  }

  @Test
  void accountsInProgress_bounded_aNewAccountRefusedUntilOneEnds() {
    executor = new FairExecutor(2, 10, 2, Thread::new);
    FairExecutor.Admission a = executor.admit("a");
    executor.admit("b");
    CirrusException refused = assertThrows(CirrusException.class, () -> executor.admit("c"));
    assertEquals(Limit.QUEUED_CALLS, refused.limit());
    assertTrue(refused.getMessage().contains("2 accounts"), refused.getMessage());
    a.release();
    executor.admit("c");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
