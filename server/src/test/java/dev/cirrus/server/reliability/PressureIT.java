package dev.cirrus.server.reliability;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.ttl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Memory under pressure, measured where it matters, in the JVM's heap: two accounts write about
 * twenty times the memory budget for {@value #SECONDS} s (half the entries with TTLs that the
 * sweeper reclaims as the server's clock runs fast), while a change stream with values per account
 * hears every change. Each account must end within its quota, the store within its budget, and the
 * heap after GC within the budget plus {@value #OVERHEAD_MIB} MiB of the heap before the writes.
 */
class PressureIT {
  private static final int SECONDS = 20;
  private static final long MIB = 1 << 20;
  private static final long BUDGET = 64 * MIB;
  private static final long QUOTA = 40 * MIB;
  private static final int OVERHEAD_MIB = 48;
  private static final ByteString VALUE = ByteString.copyFromUtf8("x".repeat(8 * 1024));

  @RegisterExtension
  static final CirrusServerExtension server = new CirrusServerExtension(b -> b
      .memoryBudgetBytes(BUDGET).accountMemoryQuotaBytes(QUOTA).sweepInterval(Duration.ofMillis(100)));

  @Test
  void twoAccountsFloodingWithTtlsAndStreams_heapStaysWithinTheBudget() throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    String[] tokens = {server.token("one"), server.token("two")};
    for (String token : tokens) {
      server.control(token).createCache(CreateCacheRequest.newBuilder().setName("c").build());
    }
    long heapBefore = heapAfterGc(memory);

    AtomicLong heard = new AtomicLong();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Context.CancellableContext> streams = new ArrayList<>();
    ConcurrentLinkedQueue<Throwable> streamEnds = new ConcurrentLinkedQueue<>();
    for (int a = 0; a < 2; a++) {
      String token = tokens[a];
      // Account one listens with values, account two to keys only. Writers as fast as the machine
      // allows may outrun either listener (on two loaded cores, the keys-only one too): the
      // stream's byte bound then ends it, which is the bound doing its job, not a failure.
      boolean values = a == 0;
      Context.CancellableContext context = Context.current().withCancellation();
      streams.add(context);
      DataPlaneGrpc.DataPlaneStub stub = DataPlaneGrpc.newStub(server.channel())
          .withCallCredentials(new BearerToken(token, "listener"));
      context.run(() -> stub.subscribe(
          SubscribeRequest.newBuilder().setCache("c").setIncludeValues(values).build(),
          new StreamObserver<ChangeEvent>() {
            @Override public void onNext(ChangeEvent event) { heard.incrementAndGet(); }
            @Override public void onError(Throwable t) {
              if (!context.isCancelled()) {
                streamEnds.add(t);
              }
            }
            @Override public void onCompleted() {}
          }));
    }

    long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
    AtomicLong written = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      String token = tokens[w % 2];
      int writer = w;
      Thread thread = new Thread(() -> {
        long round = 0;
        try {
          while (System.nanoTime() < deadline) {
            SetBatchRequest.Builder batch = SetBatchRequest.newBuilder().setCache("c");
            for (int i = 0; i < 50; i++) {
              Write.Builder write = Write.newBuilder()
                  .setKey(bytes("w" + writer + "-" + round + "-" + i)).setValue(VALUE);
              if (i % 2 == 0) {
                write.setCreateTtl(ttl(Duration.ofSeconds(5)));
              }
              batch.addWrites(write);
            }
            // A fresh stub each call: a stub's deadline counts from its creation.
            server.data(token, "writer-" + writer).setBatch(batch.build());
            written.addAndGet(50L * VALUE.size());
            round++;
          }
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }, "pressure-writer-" + w);
      thread.start();
      writers.add(thread);
    }
    // The server's clock runs at ten times real time, so TTLs end and the sweeper works.
    while (System.nanoTime() < deadline) {
      Thread.sleep(100);
      server.clock().advance(Duration.ofSeconds(1));
    }
    for (Thread writer : writers) {
      writer.join(30_000);
    }

    long[] weights = new long[2];
    for (int a = 0; a < 2; a++) {
      weights[a] = server.control(tokens[a]).describeCache(
          DescribeCacheRequest.newBuilder().setName("c").build()).getCache().getWeightBytes();
    }
    long heapGrowth = heapAfterGc(memory) - heapBefore;
    streams.forEach(c -> c.cancel(null));

    assertEquals(List.of(), List.copyOf(failures), "errors during the run");
    assertTrue(written.get() > 4 * BUDGET, "wrote only " + written.get() / MIB + " MiB");
    assertTrue(heard.get() > 0, "no change heard");
    for (Throwable end : streamEnds) {
      assertEquals(io.grpc.Status.Code.RESOURCE_EXHAUSTED, io.grpc.Status.fromThrowable(end).getCode(),
          "a stream ended otherwise than by its byte bound: " + end);
      assertTrue(end.getMessage().contains("--subscriber-queue-bytes"),
          "a stream ended otherwise than by its byte bound: " + end);
    }
    for (long weight : weights) {
      assertTrue(weight <= QUOTA, "an account holds " + weight + " bytes over its quota");
    }
    assertTrue(weights[0] + weights[1] <= BUDGET, "store over budget: " + (weights[0] + weights[1]));
    assertTrue(heapGrowth <= BUDGET + OVERHEAD_MIB * MIB,
        "heap grew by " + heapGrowth / MIB + " MiB after writing " + written.get() / MIB
            + " MiB; the budget is " + BUDGET / MIB + " MiB");
    System.out.printf("PressureIT: wrote %d MiB, heard %d events (%d of 2 streams ended by their"
        + " byte bound),"
        + " accounts hold %d and %d MiB, heap grew by %d MiB%n", written.get() / MIB, heard.get(),
        streamEnds.size(), weights[0] / MIB,
        weights[1] / MIB, heapGrowth / MIB);
  }

  private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
