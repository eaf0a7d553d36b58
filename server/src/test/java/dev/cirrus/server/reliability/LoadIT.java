package dev.cirrus.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.EmbeddedServer;
import dev.cirrus.server.testing.BearerToken;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bounded load test against a real server on loopback (in this JVM, so client and server share
 * the machine's cores): {@value #DEFAULT_THREADS} client threads over {@value #DEFAULT_CHANNELS}
 * channels run mixed get / put / getAll / putAll for {@code cirrus.load.seconds} (default
 * {@value #DEFAULT_SECONDS}). It asserts no errors, no stale read of a worker's own keys, no lost
 * acknowledged write (all keys fit the memory budget and never expire), and the store within its
 * budget. With {@code -Dcirrus.load.report=true} it writes its figures into docs/reliability.md.
 */
class LoadIT {
  static final int DEFAULT_SECONDS = 30;
  static final int DEFAULT_THREADS = 200;
  static final int DEFAULT_CHANNELS = 8;
  static final int KEYS_PER_WORKER = 50;
  static final long MEMORY_BUDGET = 64L << 20;
  private static final String CACHE = "load";

  private EmbeddedServer embedded;
  private CirrusServer server;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    embedded = EmbeddedServer.start(b -> b.memoryBudgetBytes(MEMORY_BUDGET).devMode(false));
    server = embedded.server();
  }

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    embedded.close();
  }

  @Test
  void mixedLoad_noErrors_noLostWrites_storeWithinBudget() throws Exception {
    int seconds = Integer.getInteger("cirrus.load.seconds", DEFAULT_SECONDS);
    int threads = Integer.getInteger("cirrus.load.threads", DEFAULT_THREADS);
    int channelCount = Integer.getInteger("cirrus.load.channels", DEFAULT_CHANNELS);
    long seed = Long.getLong("cirrus.load.seed", System.nanoTime());
    // Other processes on the machine skew the figures: the report says how busy it was.
    double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    BearerToken credentials =
        new BearerToken(server.tokens().issue("load", Duration.ofHours(2)), "load-test");
    for (int i = 0; i < channelCount; i++) {
      channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build());
    }
    ControlPlaneGrpc.newBlockingStub(channels.get(0)).withCallCredentials(credentials)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .createCache(CreateCacheRequest.newBuilder().setName(CACHE).build());

    long startNanos = System.nanoTime();
    long deadline = startNanos + TimeUnit.SECONDS.toNanos(seconds);
    List<LoadWorker> workers = new ArrayList<>();
    List<Thread> running = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      DataPlaneGrpc.DataPlaneBlockingStub stub = DataPlaneGrpc.newBlockingStub(
          channels.get(i % channelCount)).withCallCredentials(credentials);
      LoadWorker worker = new LoadWorker(i, threads, KEYS_PER_WORKER, CACHE, () -> stub, deadline,
          seed + i);
      Thread thread = new Thread(worker, "load-" + i);
      workers.add(worker);
      running.add(thread);
      thread.start();
    }
    for (Thread thread : running) {
      thread.join(TimeUnit.SECONDS.toMillis(seconds + 30));
      assertTrue(!thread.isAlive(), thread.getName() + " did not finish");
    }
    double elapsed = (System.nanoTime() - startNanos) / 1e9;

    LoadFigures figures = collect(workers, elapsed, threads, channelCount, seed, loadAverage,
        DataPlaneGrpc.newBlockingStub(channels.get(0)).withCallCredentials(credentials),
        ControlPlaneGrpc.newBlockingStub(channels.get(0)).withCallCredentials(credentials));
    System.out.println(figures.summary());
    if (Boolean.getBoolean("cirrus.load.report")) {
      Path report = Path.of(System.getProperty("cirrus.load.report.file", "../docs/reliability.md"));
      figures.writeInto(report);
      System.out.println("load figures written to " + report.toAbsolutePath().normalize());
    }

    assertEquals(0, figures.errors(), () -> "errors, first ones: " + figures.firstErrors()
        + " (seed " + seed + ")");
    assertEquals(0, figures.staleReads(), "reads of a worker's own key that missed its acknowledged write");
    assertEquals(0, figures.foreignValues(), "reads that returned another key's value");
    assertEquals(0, figures.lostWrites(), "acknowledged writes not readable at the end");
    assertTrue(figures.storeWeightBytes() <= MEMORY_BUDGET,
        "store weighs " + figures.storeWeightBytes() + " bytes, over its budget of " + MEMORY_BUDGET);
    assertTrue(figures.totalOps() > 0, "no operation completed");
  }

  private static LoadFigures collect(List<LoadWorker> workers, double elapsed, int threads,
      int channelCount, long seed, double loadAverage, DataPlaneGrpc.DataPlaneBlockingStub data,
      ControlPlaneGrpc.ControlPlaneBlockingStub control) {
    Map<LoadWorker.Op, LatencyHistogram> latencies = new EnumMap<>(LoadWorker.Op.class);
    for (LoadWorker.Op op : LoadWorker.Op.values()) {
      latencies.put(op, new LatencyHistogram());
    }
    long errors = 0;
    long stale = 0;
    long foreign = 0;
    List<String> firstErrors = new ArrayList<>();
    for (LoadWorker worker : workers) {
      worker.latencies.forEach((op, histogram) -> latencies.get(op).add(histogram));
      errors += worker.errorCount;
      stale += worker.staleReads;
      foreign += worker.foreignValues;
      if (firstErrors.size() < 5) {
        firstErrors.addAll(worker.errors);
      }
    }
    long lost = 0;
    long acknowledgedKeys = 0;
    for (int w = 0; w < workers.size(); w++) {
      for (int from = 0; from < KEYS_PER_WORKER; from += 500) {
        GetBatchRequest.Builder batch = GetBatchRequest.newBuilder().setCache(CACHE);
        int to = Math.min(KEYS_PER_WORKER, from + 500);
        for (int k = from; k < to; k++) {
          batch.addKeys(LoadWorker.key(w, k));
        }
        List<ReadResult> results = data.withDeadlineAfter(30, TimeUnit.SECONDS)
            .getBatch(batch.build()).getResultsList();
        for (int k = from; k < to; k++) {
          ByteString expected = workers.get(w).acknowledged(k);
          if (expected != null) {
            acknowledgedKeys++;
            if (!expected.equals(results.get(k - from).getValue())) {
              lost++;
            }
          }
        }
      }
    }
    var info = control.withDeadlineAfter(10, TimeUnit.SECONDS)
        .describeCache(DescribeCacheRequest.newBuilder().setName(CACHE).build()).getCache();
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long heapUsed = runtime.totalMemory() - runtime.freeMemory();
    return new LoadFigures(elapsed, threads, channelCount, seed, latencies, errors, firstErrors,
        stale, foreign, lost, acknowledgedKeys, info.getEntryCount(), info.getWeightBytes(),
        MEMORY_BUDGET, heapUsed, runtime.maxMemory(), loadAverage);
  }
}
