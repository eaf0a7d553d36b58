import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.DescribeServerRequest;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.GetRequest;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens N gRPC clients (one channel, so one HTTP/2 connection, each), has each make one
 * authenticated call (DescribeServer with the token) and leaves them idle, then times 2,000 Get
 * calls of one more client beside them, and holds everything open for a while so the server's
 * threads and memory can be read. Run it with the server jar on the class path (it holds gRPC and
 * the cirrus.v1 messages): {@code java -cp server/target/cirrus-server.jar IdleGrpcClients.java
 * PORT TOKEN N HOLD_MILLIS}; see docs/benchmarks.md, "10,000 idle connections (gRPC)".
 */
public class IdleGrpcClients {
  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    String token = a[1];
    int n = Integer.parseInt(a[2]);
    long holdMillis = Long.parseLong(a[3]);
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    headers.put(Metadata.Key.of("cirrus-client-id", Metadata.ASCII_STRING_MARSHALLER), "idle");
    List<ManagedChannel> idle = new ArrayList<>();
    // At most 200 connections being opened at once, so the accept queue never overflows.
    Semaphore opening = new Semaphore(200);
    AtomicInteger failed = new AtomicInteger();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      idle.add(channel);
      opening.acquire();
      ControlPlaneGrpc.newStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
          .withDeadlineAfter(60, TimeUnit.SECONDS)
          .describeServer(DescribeServerRequest.getDefaultInstance(), new StreamObserver<>() {
            @Override public void onNext(DescribeServerResponse value) {}
            @Override public void onError(Throwable t) {
              if (failed.getAndIncrement() == 0) {
                System.out.println("first failure: " + t);
              }
              opening.release();
            }
            @Override public void onCompleted() {
              opening.release();
            }
          });
    }
    opening.acquire(200);
    System.out.printf("opened %d authenticated gRPC connections in %.1f s (%d failed)%n", n,
        (System.nanoTime() - t0) / 1e9, failed.get());
    System.out.flush();

    ManagedChannel activeChannel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    DataPlaneGrpc.DataPlaneBlockingStub active = DataPlaneGrpc.newBlockingStub(activeChannel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    // A Get of a cache that need not exist: NOT_FOUND is a full round trip through the handler.
    GetRequest get = GetRequest.newBuilder().setCache("c").setKey(ByteString.copyFromUtf8("k")).build();
    long[] lat = new long[2000];
    for (int i = 0; i < lat.length + 200; i++) {
      long s = System.nanoTime();
      try {
        active.withDeadlineAfter(10, TimeUnit.SECONDS).get(get);
      } catch (StatusRuntimeException expected) {
        // NOT_FOUND: the cache does not exist.
      }
      if (i >= 200) { // the first 200 warm the connection and the JIT
        lat[i - 200] = System.nanoTime() - s;
      }
    }
    Arrays.sort(lat);
    System.out.printf("active client beside them: %d gets, p50 %.0f us, p99 %.0f us%n", lat.length,
        lat[lat.length / 2] / 1e3, lat[lat.length * 99 / 100] / 1e3);
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(holdMillis);
    for (ManagedChannel c : idle) {
      c.shutdownNow();
    }
    activeChannel.shutdownNow();
  }
}
