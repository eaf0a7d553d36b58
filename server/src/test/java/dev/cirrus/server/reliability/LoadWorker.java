package dev.cirrus.server.reliability;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.DataPlaneGrpc.DataPlaneBlockingStub;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One client thread of the load test. It is the only writer of its own keys, so it knows the value
 * each of them must have once a write is acknowledged: a read of one of its keys that returns
 * anything else is a stale read, and at the end a key whose value differs is a lost write. It also
 * reads every other worker's keys, checking only that a value belongs to its key.
 */
final class LoadWorker implements Runnable {
  enum Op { GET, PUT, GET_ALL, PUT_ALL }

  static final int BATCH = 10;
  private static final int VALUE_BYTES = 128;

  private final int id;
  private final int workers;
  private final int keysPerWorker;
  private final String cache;
  private final Supplier<DataPlaneBlockingStub> stubs;
  private final long deadlineNanos;
  private final SplittableRandom random;
  /** The last acknowledged value of each own key; null until the first acknowledged write. */
  private final ByteString[] acknowledged;
  private long sequence;

  final Map<Op, LatencyHistogram> latencies = new EnumMap<>(Op.class);
  final List<String> errors = new ArrayList<>();
  long errorCount;
  long staleReads;
  long foreignValues;

  LoadWorker(int id, int workers, int keysPerWorker, String cache,
      Supplier<DataPlaneBlockingStub> stubs, long deadlineNanos, long seed) {
    this.id = id;
    this.workers = workers;
    this.keysPerWorker = keysPerWorker;
    this.cache = cache;
    this.stubs = stubs;
    this.deadlineNanos = deadlineNanos;
    this.random = new SplittableRandom(seed);
    this.acknowledged = new ByteString[keysPerWorker];
    for (Op op : Op.values()) {
      latencies.put(op, new LatencyHistogram());
    }
  }

  static ByteString key(int worker, int index) {
    return ByteString.copyFrom("w" + worker + "-k" + index, StandardCharsets.UTF_8);
  }

  ByteString acknowledged(int index) {
    return acknowledged[index];
  }

  @Override
  public void run() {
    while (System.nanoTime() < deadlineNanos) {
      int dice = random.nextInt(100);
      Op op = dice < 40 ? Op.GET : dice < 65 ? Op.PUT : dice < 85 ? Op.GET_ALL : Op.PUT_ALL;
      long start = System.nanoTime();
      try {
        switch (op) {
          case GET -> get();
          case PUT -> put();
          case GET_ALL -> getAll();
          case PUT_ALL -> putAll();
        }
        latencies.get(op).record(System.nanoTime() - start);
      } catch (StatusRuntimeException e) {
        errorCount++;
        if (errors.size() < 5) {
          errors.add(op + ": " + e.getStatus());
        }
      }
    }
  }

  private DataPlaneBlockingStub stub() {
    return stubs.get().withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private ByteString nextValue(int index) {
    StringBuilder value = new StringBuilder("w").append(id).append("-k").append(index)
        .append("-s").append(++sequence).append(':');
    while (value.length() < VALUE_BYTES) {
      value.append('x');
    }
    return ByteString.copyFrom(value.toString(), StandardCharsets.UTF_8);
  }

  private void put() {
    int index = random.nextInt(keysPerWorker);
    ByteString value = nextValue(index);
    stub().set(SetRequest.newBuilder().setCache(cache)
        .setWrite(Write.newBuilder().setKey(key(id, index)).setValue(value)).build());
    acknowledged[index] = value;
  }

  private void putAll() {
    SetBatchRequest.Builder batch = SetBatchRequest.newBuilder().setCache(cache);
    int first = random.nextInt(keysPerWorker);
    ByteString[] values = new ByteString[BATCH];
    for (int i = 0; i < BATCH; i++) {
      int index = (first + i) % keysPerWorker;
      values[i] = nextValue(index);
      batch.addWrites(Write.newBuilder().setKey(key(id, index)).setValue(values[i]));
    }
    stub().setBatch(batch.build());
    for (int i = 0; i < BATCH; i++) {
      acknowledged[(first + i) % keysPerWorker] = values[i];
    }
  }

  private void get() {
    int worker = random.nextBoolean() ? id : random.nextInt(workers);
    int index = random.nextInt(keysPerWorker);
    ReadResult result = stub().get(GetRequest.newBuilder().setCache(cache)
        .setKey(key(worker, index)).build()).getResult();
    check(worker, index, result);
  }

  private void getAll() {
    GetBatchRequest.Builder batch = GetBatchRequest.newBuilder().setCache(cache);
    int[] workersRead = new int[BATCH];
    int[] indexes = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      workersRead[i] = i % 2 == 0 ? id : random.nextInt(workers);
      indexes[i] = random.nextInt(keysPerWorker);
      batch.addKeys(key(workersRead[i], indexes[i]));
    }
    List<ReadResult> results = stub().getBatch(batch.build()).getResultsList();
    for (int i = 0; i < BATCH; i++) {
      check(workersRead[i], indexes[i], results.get(i));
    }
  }

  private void check(int worker, int index, ReadResult result) {
    if (worker == id) {
      ByteString expected = acknowledged[index];
      boolean matches = expected == null ? !result.getFound() : expected.equals(result.getValue());
      if (!matches) {
        staleReads++;
      }
    } else if (result.getFound()
        && !result.getValue().toStringUtf8().startsWith("w" + worker + "-k" + index + "-s")) {
      foreignValues++;
    }
  }
}
