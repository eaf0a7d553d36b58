package dev.cirrus.benchmarks.jmh;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.codec.DefaultCodec;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.SetCondition;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Ttl;
import dev.cirrus.proto.v1.TtlMode;
import dev.cirrus.proto.v1.Write;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client-side work of one call before and after the wire, as the provider does it for
 * {@code cache.get} and {@code cache.put}: encode the key (and value) with the codec, copy into a
 * {@link ByteString}, build the request, serialise it; parse a response and decode its value; and
 * make the per-call stub that carries the deadline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RequestBenchmark {

  private static final Ttl UNCHANGED = Ttl.newBuilder().setMode(TtlMode.TTL_MODE_UNCHANGED).build();
  private static final Ttl ETERNAL = Ttl.newBuilder().setMode(TtlMode.TTL_MODE_ETERNAL).build();

  private final String cache = "bench-100B";
  private final String key = "key-01234";
  private final byte[] value = new byte[100];
  private DefaultCodec codec;
  private byte[] responseBytes;
  private ManagedChannel channel;
  private DataPlaneGrpc.DataPlaneBlockingStub stub;

  @Setup
  public void setUp() {
    codec = new DefaultCodec(RequestBenchmark.class.getClassLoader());
    responseBytes = GetResponse.newBuilder()
        .setResult(ReadResult.newBuilder().setFound(true)
            .setValue(ByteString.copyFrom(codec.encode(value))).setVersion(42))
        .build().toByteArray();
    // Never connects: only stubs are made from it.
    channel = NettyChannelBuilder.forAddress("127.0.0.1", 9).usePlaintext().build();
    stub = DataPlaneGrpc.newBlockingStub(channel);
  }

  @TearDown
  public void tearDown() {
    channel.shutdownNow();
  }

  @Benchmark
  public GetRequest buildGet() {
    return GetRequest.newBuilder()
        .setCache(cache).setKey(ByteString.copyFrom(codec.encode(key))).setAccessTtl(UNCHANGED)
        .build();
  }

  @Benchmark
  public byte[] buildAndSerializeGet() {
    return buildGet().toByteArray();
  }

  @Benchmark
  public byte[] buildAndSerializeSet() {
    return SetRequest.newBuilder().setCache(cache)
        .setWrite(Write.newBuilder()
            .setKey(ByteString.copyFrom(codec.encode(key)))
            .setValue(ByteString.copyFrom(codec.encode(value)))
            .setCondition(SetCondition.SET_CONDITION_ALWAYS)
            .setCreateTtl(ETERNAL))
        .build().toByteArray();
  }

  @Benchmark
  public Object parseGetResponseAndDecode() throws Exception {
    ReadResult result = GetResponse.parseFrom(responseBytes).getResult();
    return codec.decode(result.getValue().toByteArray());
  }

  @Benchmark
  public Object stubWithDeadline() {
    return stub.withDeadlineAfter(5_000, TimeUnit.MILLISECONDS);
  }
}
