package dev.cirrus.server.limits;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.Limit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A worker pool shared fairly between accounts (the pool of heavy calls: batches, scans, clears,
 * cache listings; and over a store whose calls wait on the network, the pool of point calls):
 * each account has a queue of its own, bounded in calls, and the workers take one task from each
 * account with work in turn (round robin), and one account runs on all workers but one at most. An account flooding the server waits behind its own calls only; another account's
 * call finds a worker free. (Without that spare worker, each of the few tasks a gRPC call runs as
 * waited for one of the flood's tasks to end: measured, a quiet account's one-key GetBatch took
 * a median 109 ms under a flood of 1000-key ones, and 8 ms alone.)
 *
 * <p>A call is {@linkplain #admit admitted} once, when it arrives and its account is known, and
 * counts against its account until it ends (waiting or running): over its account's bound, or
 * when {@code maxAccounts} accounts already have calls in progress, it is refused
 * (LIMIT_EXCEEDED, {@link Limit#QUEUED_CALLS}) and nothing is held for it. Every task of an
 * admitted call (a transport runs a call as a few tasks, one at a time) queues in its account's
 * turn, so an admitted call is never cut off halfway.
 *
 * <p>Concurrency: one lock guards {@code lanes}, {@code ready} and every lane's fields; tasks run
 * outside it. An account's lane exists only while it has calls in progress, so memory is bounded
 * by the accounts with calls in progress times their bound.
 */
public final class FairExecutor {
  /** Accounts that may have calls in progress at once, by default. */
  public static final int DEFAULT_MAX_ACCOUNTS = 1000;
  /**
   * Heavy calls one account may have in progress (waiting or running), by default: far above what
   * an application's request threads send (a servlet container runs 200 per JVM, and an account
   * may have several JVMs), so it refuses floods, not load; a 64 refused a 200-thread load test.
   */
  public static final int DEFAULT_QUEUED_CALLS_PER_ACCOUNT = 1024;
  /** What the pool of heavy calls runs, as its refusals name it. */
  public static final String HEAVY_CALLS =
      "heavy calls (batches, scans, clears, cache listings)";
  private static final Logger LOG = Logger.getLogger(FairExecutor.class.getName());

  /** What the pool runs, as a refusal names it. */
  private final String calls;
  private final int perAccount;
  private final int maxAccounts;
  /** Tasks one account may run at once: all workers but one, so another account finds one. */
  private final int runningPerAccount;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workWaiting = lock.newCondition();
  private final Map<String, Lane> lanes = new HashMap<>();
  /**
   * Lanes with tasks that may run one more now, in the order they are served; each appears once.
   */
  private final ArrayDeque<Lane> ready = new ArrayDeque<>();
  private final List<Thread> workers = new ArrayList<>();
  private boolean shutdown;

  /**
   * @param workers threads that run tasks
   * @param perAccount calls one account may have in progress (waiting or running)
   * @param maxAccounts accounts that may have calls in progress at once
   */
  public FairExecutor(int workers, int perAccount, int maxAccounts, ThreadFactory threads) {
    this(HEAVY_CALLS, workers, perAccount, maxAccounts, threads);
  }

  /**
   * @param calls what the pool runs, as a refusal names it ("heavy calls (batches, ...)")
   * @param workers threads that run tasks
   * @param perAccount calls one account may have in progress (waiting or running)
   * @param maxAccounts accounts that may have calls in progress at once
   */
  public FairExecutor(String calls, int workers, int perAccount, int maxAccounts,
      ThreadFactory threads) {
    this.calls = requireNonNull(calls, "calls");
    if (workers < 1 || perAccount < 1 || maxAccounts < 1) {
      throw new IllegalArgumentException("workers, perAccount and maxAccounts must be positive, got "
          + workers + ", " + perAccount + ", " + maxAccounts);
    }
    this.perAccount = perAccount;
    this.maxAccounts = maxAccounts;
    this.runningPerAccount = Math.max(1, workers - 1);
    requireNonNull(threads, "threads");
    for (int i = 0; i < workers; i++) {
      Thread worker = threads.newThread(this::work);
      this.workers.add(worker);
      worker.start();
    }
  }

  public int perAccount() {
    return perAccount;
  }

  /**
   * Admits one call of {@code account}: the executor to run its tasks on, in that account's turn.
   * The call counts against the account until {@link Admission#release()}.
   *
   * @throws CirrusException LIMIT_EXCEEDED ({@link Limit#QUEUED_CALLS}) when the account already
   *     has {@link #perAccount()} calls admitted, or {@code maxAccounts} other accounts have
   */
  public Admission admit(String account) {
    requireNonNull(account, "account");
    lock.lock();
    try {
      Lane lane = lanes.get(account);
      if (lane == null) {
        if (lanes.size() >= maxAccounts) {
          throw serverFull(account);
        }
        lane = new Lane(account);
        lanes.put(account, lane);
      } else if (lane.admitted >= perAccount) {
        throw accountFull(account);
      }
      lane.admitted++;
      return new Admission(this, account);
    } finally {
      lock.unlock();
    }
  }

  /**
   * One admitted call: {@link #execute} runs its tasks in its account's turn; {@link #release()}
   * once the call has ended (idempotent).
   */
  public static final class Admission implements Executor {
    private final FairExecutor owner;
    private final String account;
    private final AtomicBoolean released =
        new AtomicBoolean();

    private Admission(FairExecutor owner, String account) {
      this.owner = owner;
      this.account = account;
    }

    @Override
    public void execute(Runnable task) {
      owner.enqueue(account, task);
    }

    public void release() {
      if (released.compareAndSet(false, true)) {
        owner.release(account);
      }
    }
  }

  private void release(String account) {
    lock.lock();
    try {
      Lane lane = lanes.get(account);
      if (lane != null) {
        lane.admitted--;
        removeIfIdle(lane);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Drops a lane with nothing admitted, waiting or running; call under the lock. */
  private void removeIfIdle(Lane lane) {
    if (lane.admitted <= 0 && lane.running == 0 && lane.tasks.isEmpty()) {
      lanes.remove(lane.account);
    }
  }

  /** The refusal of a call of {@code account}, whose queue is full. */
  public CirrusException accountFull(String account) {
    return CirrusException.limitExceeded(Limit.QUEUED_CALLS,
        "account '" + account + "' has " + perAccount + " " + calls
            + " in progress, the most one account may have waiting or running"
            + " (--account-queued-calls);"
            + " wait for answers before sending more, or raise the limit",
        Map.of("account", account, "limit", Integer.toString(perAccount)));
  }

  /** The refusal of a call of {@code account} while too many other accounts wait. */
  public CirrusException serverFull(String account) {
    return CirrusException.limitExceeded(Limit.QUEUED_CALLS,
        "the server has " + calls + " of " + maxAccounts + " accounts in progress, the most it"
            + " takes at once; retry later (with backoff) or add servers",
        Map.of("account", account, "accounts", Integer.toString(maxAccounts)));
  }

  private void enqueue(String account, Runnable task) {
    requireNonNull(task, "task");
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("the server is shutting down");
      }
      Lane lane = lanes.computeIfAbsent(account, Lane::new);
      lane.tasks.addLast(task);
      markReady(lane);
    } finally {
      lock.unlock();
    }
  }

  private void work() {
    while (true) {
      Runnable task;
      Lane lane;
      lock.lock();
      try {
        while (ready.isEmpty()) {
          if (shutdown) {
            return;
          }
          workWaiting.awaitUninterruptibly();
        }
        lane = ready.pollFirst();
        lane.ready = false;
        task = lane.tasks.pollFirst();
        lane.running++;
        // Its next task waits for every other account's turn.
        markReady(lane);
      } finally {
        lock.unlock();
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        // The transport closes the call of a task that fails; the worker must live on.
        LOG.log(Level.WARNING, "event=call_task_failed", e);
      } finally {
        finished(lane);
      }
    }
  }

  /** Puts {@code lane} in line when it has a task and room to run one; call under the lock. */
  private void markReady(Lane lane) {
    if (!lane.ready && !lane.tasks.isEmpty() && lane.running < runningPerAccount) {
      lane.ready = true;
      ready.addLast(lane);
      workWaiting.signal();
    }
  }

  private void finished(Lane lane) {
    lock.lock();
    try {
      lane.running--;
      markReady(lane);
      removeIfIdle(lane);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops taking tasks; tasks already queued still run. Workers end when the queues are empty.
   */
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      workWaiting.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code timeout} for the workers to end after {@link #shutdown()}. */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    for (Thread worker : workers) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedJoin(worker, left);
      if (worker.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** One account's waiting tasks, how many of its tasks run and how many calls it has admitted. */
  private static final class Lane {
    final String account;
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    int running;
    int admitted;
    /** Whether it is in {@code ready}. */
    boolean ready;

    Lane(String account) {
      this.account = account;
    }
  }
}
