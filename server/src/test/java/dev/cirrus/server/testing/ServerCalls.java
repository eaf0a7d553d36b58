package dev.cirrus.server.testing;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DescribeServerRequest;
import dev.cirrus.server.CirrusServer;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/** One-off calls to a plaintext server on a channel of their own, for lifecycle tests. */
public final class ServerCalls {
  private ServerCalls() {}

  /** The account DescribeServer names for {@code token}: proves the server accepts the token. */
  public static String describeAccount(CirrusServer server, String token) throws InterruptedException {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(server.host(), server.port()).usePlaintext().build();
    try {
      return ControlPlaneGrpc.newBlockingStub(channel)
          .withCallCredentials(new BearerToken(token, "server-calls"))
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .describeServer(DescribeServerRequest.getDefaultInstance()).getAccount();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
