package dev.cirrus.jcache.client;

import dev.cirrus.proto.v1.ClearRequest;
import dev.cirrus.proto.v1.ClearResponse;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.ContainsResponse;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteBatchResponse;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.DeleteResponse;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetBatchResponse;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.ScanResponse;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetBatchResponse;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SetResponse;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.TouchResponse;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The data calls as gRPC unary calls, round-robin over the client's channels, without a gRPC
 * deadline: the call timeout is enforced by {@link CallTimer} instead. A gRPC deadline travels as a
 * header and arms a timer on both sides for every call; measured on 2 cores it cost a third of
 * the throughput of small calls.
 */
final class GrpcDataPath implements DataPath {
  private final DataPlaneGrpc.DataPlaneBlockingStub[] stubs;
  private final AtomicInteger next = new AtomicInteger();
  private final CallTimer timer;
  private final Duration callTimeout;

  GrpcDataPath(List<ManagedChannel> channels, CallTimer timer, Duration callTimeout) {
    this.stubs = channels.stream().map(DataPlaneGrpc::newBlockingStub)
        .toArray(DataPlaneGrpc.DataPlaneBlockingStub[]::new);
    this.timer = timer;
    this.callTimeout = callTimeout;
  }

  private DataPlaneGrpc.DataPlaneBlockingStub stub() {
    return stubs[Math.floorMod(next.getAndIncrement(), stubs.length)];
  }

  private <T> T timed(Supplier<T> call) {
    return timer.within(callTimeout, call);
  }

  @Override
  public GetResponse get(GetRequest request) {
    return timed(() -> stub().get(request));
  }

  @Override
  public GetBatchResponse getBatch(GetBatchRequest request) {
    return timed(() -> stub().getBatch(request));
  }

  @Override
  public ContainsResponse contains(ContainsRequest request) {
    return timed(() -> stub().contains(request));
  }

  @Override
  public TouchResponse touch(TouchRequest request) {
    return timed(() -> stub().touch(request));
  }

  @Override
  public SetResponse set(SetRequest request) {
    return timed(() -> stub().set(request));
  }

  @Override
  public SetBatchResponse setBatch(SetBatchRequest request) {
    return timed(() -> stub().setBatch(request));
  }

  @Override
  public DeleteResponse delete(DeleteRequest request) {
    return timed(() -> stub().delete(request));
  }

  @Override
  public DeleteBatchResponse deleteBatch(DeleteBatchRequest request) {
    return timed(() -> stub().deleteBatch(request));
  }

  @Override
  public ClearResponse clear(ClearRequest request) {
    return timed(() -> stub().clear(request));
  }

  @Override
  public ScanResponse scan(ScanRequest request) {
    return timed(() -> stub().scan(request));
  }
}
