package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How many change streams an account and a connection may have open, and the refusal beyond. */
class StreamCapsTest {
  private static final int PER_CONNECTION = 3;
  private static final int PER_ACCOUNT = 5;

  @RegisterExtension
  static final CirrusServerExtension server = new CirrusServerExtension(
      b -> b.maxStreamsPerConnection(PER_CONNECTION).maxStreamsPerAccount(PER_ACCOUNT));

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<EventRecorder> streams = new ArrayList<>();

  @AfterEach
  void close() throws InterruptedException {
    streams.forEach(EventRecorder::close);
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A connection of its own (a channel opens one). */
  private DataPlaneGrpc.DataPlaneStub connection(String token) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.server().port()).usePlaintext().build();
    channels.add(channel);
    return DataPlaneGrpc.newStub(channel).withCallCredentials(new BearerToken(token, CLIENT_ID));
  }

  /** A token of a fresh account that owns {@code cache}. */
  private static String account(String account, String cache) {
    String token = server.token(account);
    server.control(token).createCache(CreateCacheRequest.newBuilder().setName(cache).build());
    return token;
  }

  private EventRecorder open(DataPlaneGrpc.DataPlaneStub stub, String cache) {
    EventRecorder stream = EventRecorder.subscribe(stub, SubscribeRequest.newBuilder().setCache(cache).build());
    streams.add(stream);
    return stream;
  }

  private static Status refused(DataPlaneGrpc.DataPlaneStub stub, String cache) throws InterruptedException {
    EventRecorder attempt = new EventRecorder();
    stub.subscribe(SubscribeRequest.newBuilder().setCache(cache).build(), attempt);
    assertTrue(attempt.awaitEnd(), "the stream over the limit was opened");
    assertNotNull(attempt.error());
    return Status.fromThrowable(attempt.error());
  }

  @Test
  void oneConnection_opensAtMostItsLimit_anotherConnectionMore_aClosedStreamFreesItsPlace()
      throws Exception {
    String token = account("per-connection", "c");
    DataPlaneGrpc.DataPlaneStub first = connection(token);
    List<EventRecorder> open = new ArrayList<>();
    for (int i = 0; i < PER_CONNECTION; i++) {
      open.add(open(first, "c"));
    }
    Status status = refused(first, "c");
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), status.toString());
    assertTrue(status.getDescription().contains("this connection has " + PER_CONNECTION
        + " change streams open"), status.getDescription());
    assertTrue(status.getDescription().contains("--max-streams-per-connection"), status.getDescription());

    open(connection(token), "c"); // the account has room: 4 of 5

    open.get(0).close();
    long deadline = System.nanoTime() + 5_000_000_000L;
    EventRecorder reopened = null;
    while (reopened == null) {
      EventRecorder attempt = new EventRecorder();
      first.subscribe(SubscribeRequest.newBuilder().setCache("c").build(), attempt);
      if (attempt.poll(java.time.Duration.ofSeconds(1)) != null) {
        reopened = attempt;
      } else if (System.nanoTime() > deadline) {
        throw new AssertionError("a closed stream's place was not given back: " + attempt.error());
      }
    }
  }

  @Test
  void oneAccount_opensAtMostItsLimit_overAllConnections_otherAccountsAreNotCounted()
      throws Exception {
    String token = account("per-account", "c");
    DataPlaneGrpc.DataPlaneStub first = connection(token);
    DataPlaneGrpc.DataPlaneStub second = connection(token);
    for (int i = 0; i < PER_CONNECTION; i++) {
      open(first, "c");
    }
    for (int i = PER_CONNECTION; i < PER_ACCOUNT; i++) {
      open(second, "c");
    }
    Status status = refused(second, "c");
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), status.toString());
    assertTrue(status.getDescription().contains("account 'per-account' has " + PER_ACCOUNT
        + " change streams open"), status.getDescription());
    assertTrue(status.getDescription().contains("--max-streams-per-account"), status.getDescription());

    open(connection(account("someone-else", "c")), "c");
  }
}
