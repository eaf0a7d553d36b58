package dev.cirrus.server.limits;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetBatchResponse;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.metrics.RefusalMetricsTest;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Heavy calls (batches, scans, clears, cache listings) are bounded per account: one account
 * flooding them is refused beyond {@code --account-queued-calls} with a message naming the
 * account, the limit and the flag, while another account's heavy calls are served, and the
 * flooder is served again once its calls have ended (they stop counting). Everything goes through
 * gRPC over loopback, each account on connections of its own. The order the workers serve
 * accounts in is proven in {@link FairExecutorTest}: on these shared cores a gRPC flood's latency
 * is the transport's and the CPU's (measured: a quiet account's one-key GetBatch took a median
 * 1.2 s beside 2,000 open 1000-key GetBatch calls with one queue for all, and as long with fair
 * queues), which fair queues cannot change and {@code --account-rate-limit} is for.
 */
class FairSchedulingTest {
  private static final int QUEUED_CALLS = 8;
  /** Calls the flooder keeps open at once: more than the workers and its queue hold. */
  private static final int FLOOD_IN_FLIGHT = 64;
  /**
   * Connections the flood is spread over: HTTP/2 flow control holds back what one connection's
   * window (1 MiB) cannot take, so one connection alone would never have them all at the server.
   */
  private static final int FLOOD_CONNECTIONS = 4;
  private static final int KEYS = 1000;
  private static final int QUIET_CALLS = 40;
  private static final long RETRY_PAUSE_MS = 100;

  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.accountQueuedCalls(QUEUED_CALLS).httpPort(0)
          .metricsPublic(true));

  @Test
  void oneAccountFloodingHeavyCalls_isRefusedBeyondItsBound_anotherIsServed_flooderServedAfter()
      throws Exception {
    String flooder = server.token("flooder");
    String quiet = server.token("quiet");
    List<ManagedChannel> floodChannels = new ArrayList<>();
    for (int i = 0; i < FLOOD_CONNECTIONS; i++) {
      floodChannels.add(channel());
    }
    ManagedChannel floodChannel = floodChannels.get(0);
    ManagedChannel quietChannel = channel();
    try {
      ControlPlaneGrpc.newBlockingStub(floodChannel).withCallCredentials(new BearerToken(flooder, "f"))
          .createCache(CreateCacheRequest.newBuilder().setName("big").build());
      ControlPlaneGrpc.newBlockingStub(quietChannel).withCallCredentials(new BearerToken(quiet, "q"))
          .createCache(CreateCacheRequest.newBuilder().setName("small").build());
      GetBatchRequest heavy = fill(floodChannel, flooder);
      DataPlaneGrpc.DataPlaneBlockingStub quietData = DataPlaneGrpc.newBlockingStub(quietChannel)
          .withCallCredentials(new BearerToken(quiet, "q"));
      GetBatchRequest light = GetBatchRequest.newBuilder().setCache("small")
          .addKeys(bytes("k")).build();

      long aloneMs = medianMillis(quietData, light);
      Flood flood = new Flood(floodChannels.stream().map(c -> DataPlaneGrpc.newStub(c)
          .withCallCredentials(new BearerToken(flooder, "f"))).toList(), heavy);
      flood.start();
      try {
        // Let the flood fill the server's queues before measuring.
        flood.awaitServed(200);
        // The other account's heavy calls are served meanwhile: its bound is its own.
        long medianMs = medianMillis(quietData, light);
        System.out.printf("quiet account's GetBatch: median %d ms alone, %d ms under the flood;"
            + " flood served %d, refused %d%n", aloneMs, medianMs, flood.served.get(),
            flood.refused.get());
      } finally {
        flood.stop();
      }
      assertTrue(flood.unexpected.isEmpty(), () -> "flood failed otherwise: " + flood.unexpected);
      // Calls that ended no longer count: the flooder is served again once its flood is over.
      assertEquals(KEYS, DataPlaneGrpc.newBlockingStub(floodChannel)
          .withCallCredentials(new BearerToken(flooder, "f")).getBatch(heavy).getResultsCount());
      assertTrue(flood.refused.get() > 0, "the flood was never refused: its calls queued unbounded");
      // Every refusal the flood saw is on /metrics, once, as the operator's view of it.
      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + server.server().httpPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertEquals(flood.refused.get(), RefusalMetricsTest.total(metrics, "cirrus_refusals_total",
          Map.of("door", "grpc", "status", "RESOURCE_EXHAUSTED", "reason", "queued_calls")),
          metrics);
      StatusRuntimeException refusal = flood.firstRefusal.get();
      ErrorDetail detail = refusal.getTrailers()
          .get(ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance()));
      String message = refusal.getStatus().getDescription();
      assertTrue(message.contains("'flooder'") && message.contains(Integer.toString(QUEUED_CALLS))
          && message.contains("--account-queued-calls"), message);
      assertEquals("flooder", detail.getFactsMap().get("account"));
      assertEquals(Integer.toString(QUEUED_CALLS), detail.getFactsMap().get("limit"));
    } finally {
      for (ManagedChannel channel : floodChannels) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      quietChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** The median time of {@value #QUIET_CALLS} calls of {@code request}, one after another. */
  private static long medianMillis(DataPlaneGrpc.DataPlaneBlockingStub data,
      GetBatchRequest request) {
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < QUIET_CALLS; i++) {
      long start = System.nanoTime();
      GetBatchResponse answer = data.withDeadlineAfter(30, TimeUnit.SECONDS).getBatch(request);
      micros.add((System.nanoTime() - start) / 1000);
      assertEquals(1, answer.getResultsCount());
    }
    Collections.sort(micros);
    return micros.get(micros.size() / 2) / 1000;
  }

  private static ManagedChannel channel() {
    return NettyChannelBuilder.forAddress("127.0.0.1", server.server().port()).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
  }

  /** Stores {@value #KEYS} small entries and returns the GetBatch that reads them all. */
  private static GetBatchRequest fill(ManagedChannel channel, String token) {
    SetBatchRequest.Builder writes = SetBatchRequest.newBuilder().setCache("big");
    GetBatchRequest.Builder reads = GetBatchRequest.newBuilder().setCache("big");
    ByteString value = ByteString.copyFrom(new byte[64]);
    for (int i = 0; i < KEYS; i++) {
      writes.addWrites(Write.newBuilder().setKey(bytes("k" + i)).setValue(value));
      reads.addKeys(bytes("k" + i));
    }
    DataPlaneGrpc.newBlockingStub(channel).withCallCredentials(new BearerToken(token, "f"))
        .setBatch(writes.build());
    return reads.build();
  }

  /**
   * Keeps {@value #FLOOD_IN_FLIGHT} GetBatch calls open over its connections in turn, sending a
   * new one as each ends.
   */
  private static final class Flood {
    final AtomicInteger served = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    final java.util.concurrent.atomic.AtomicReference<StatusRuntimeException> firstRefusal =
        new java.util.concurrent.atomic.AtomicReference<>();
    private final List<DataPlaneGrpc.DataPlaneStub> stubs;
    private final GetBatchRequest request;
    private final Semaphore slots = new Semaphore(FLOOD_IN_FLIGHT);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sender = new Thread(this::send, "flood");
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();

    Flood(List<DataPlaneGrpc.DataPlaneStub> stubs, GetBatchRequest request) {
      this.stubs = stubs;
      this.request = request;
    }

    void start() {
      sender.start();
    }

    void awaitServed(int calls) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (served.get() < calls && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      sender.join(10_000);
      slots.tryAcquire(FLOOD_IN_FLIGHT, 30, TimeUnit.SECONDS);
      retries.shutdownNow();
    }

    private void send() {
      int sent = 0;
      while (running.get()) {
        try {
          if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            continue;
          }
        } catch (InterruptedException e) {
          return;
        }
        DataPlaneGrpc.DataPlaneStub stub = stubs.get(sent++ % stubs.size());
        stub.withDeadlineAfter(60, TimeUnit.SECONDS).getBatch(request, new StreamObserver<>() {
          @Override
          public void onNext(GetBatchResponse value) {
            served.incrementAndGet();
          }

          @Override
          public void onError(Throwable t) {
            if (t instanceof StatusRuntimeException e
                && e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
              refused.incrementAndGet();
              firstRefusal.compareAndSet(null, e);
              // A client retries a refused call after a pause; one that retries at once floods
              // the transport, which --account-rate-limit is for, not fair scheduling.
              retries.schedule(() -> slots.release(), RETRY_PAUSE_MS, TimeUnit.MILLISECONDS);
              return;
            }
            unexpected.add(t);
            slots.release();
          }

          @Override
          public void onCompleted() {
            slots.release();
          }
        });
      }
    }
  }
}
