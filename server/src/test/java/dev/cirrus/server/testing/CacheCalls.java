package dev.cirrus.server.testing;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;

import dev.cirrus.proto.v1.ClearRequest;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.ControlPlaneGrpc.ControlPlaneBlockingStub;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc.DataPlaneBlockingStub;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteCacheRequest;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.proto.v1.FlushCacheRequest;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.TouchRequest;
import io.grpc.Context;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every cirrus.v1 call that names a cache, each with a well-formed request for that cache: for
 * tests that one rule (account isolation, a token's cache scope) holds on every one of them.
 */
public final class CacheCalls {
  /** The stubs of one token. */
  public record Stubs(ControlPlaneBlockingStub control, DataPlaneBlockingStub data) {}

  /** One call on {@code cache}; throws what the stub throws. */
  @FunctionalInterface
  public interface Call {
    void on(Stubs stubs, String cache) throws Exception;
  }

  private CacheCalls() {}

  /** {@code (method name, call)} pairs for a {@code @MethodSource}. */
  public static Stream<Arguments> all() {
    return Stream.concat(dataPlane(), controlPlane());
  }

  /** The data-plane calls, including the change stream and the scan. */
  public static Stream<Arguments> dataPlane() {
    return Stream.of(
        call("Get", (s, c) -> s.data().get(GetRequest.newBuilder().setCache(c).setKey(bytes("k")).build())),
        call("GetBatch", (s, c) -> s.data().getBatch(GetBatchRequest.newBuilder().setCache(c)
            .addKeys(bytes("k")).build())),
        call("Contains", (s, c) -> s.data().contains(ContainsRequest.newBuilder().setCache(c)
            .setKey(bytes("k")).build())),
        call("Touch", (s, c) -> s.data().touch(TouchRequest.newBuilder().setCache(c)
            .setKey(bytes("k")).setTtl(Requests.eternal()).build())),
        call("Set", (s, c) -> s.data().set(SetRequest.newBuilder().setCache(c)
            .setWrite(Requests.write("k", "intruder")).build())),
        call("SetBatch", (s, c) -> s.data().setBatch(SetBatchRequest.newBuilder().setCache(c)
            .addWrites(Requests.write("k", "intruder")).build())),
        call("Delete", (s, c) -> s.data().delete(DeleteRequest.newBuilder().setCache(c)
            .setRemoval(Requests.removal("k")).build())),
        call("DeleteBatch", (s, c) -> s.data().deleteBatch(DeleteBatchRequest.newBuilder().setCache(c)
            .addRemovals(Requests.removal("k")).build())),
        call("Clear", (s, c) -> s.data().clear(ClearRequest.newBuilder().setCache(c).build())),
        call("Scan", (s, c) -> s.data().scan(ScanRequest.newBuilder().setCache(c)
            .setIncludeValues(true).build())),
        call("Subscribe", CacheCalls::subscribe));
  }

  /** The control-plane calls that name a cache. */
  public static Stream<Arguments> controlPlane() {
    return Stream.of(
        call("CreateCache", (s, c) -> s.control().createCache(CreateCacheRequest.newBuilder()
            .setName(c).setIfAbsent(true).build())),
        call("DescribeCache", (s, c) -> s.control().describeCache(DescribeCacheRequest.newBuilder()
            .setName(c).build())),
        call("FlushCache", (s, c) -> s.control().flushCache(FlushCacheRequest.newBuilder()
            .setName(c).build())),
        call("DeleteCache", (s, c) -> s.control().deleteCache(DeleteCacheRequest.newBuilder()
            .setName(c).build())));
  }

  /** Opens the stream, reads its first event (SUBSCRIBED, or the refusal), and cancels it. */
  private static void subscribe(Stubs stubs, String cache) throws Exception {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      context.call(() -> stubs.data().subscribe(SubscribeRequest.newBuilder().setCache(cache).build())
          .next());
    } finally {
      context.cancel(null);
    }
  }

  private static Arguments call(String name, Call call) {
    return Arguments.of(name, call);
  }

  /** The names of {@link #all()}, for tests that check the list is complete. */
  public static List<String> names() {
    return all().map(a -> (String) a.get()[0]).toList();
  }
}
