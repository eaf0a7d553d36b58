package dev.cirrus.server.auth;

import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static dev.cirrus.server.testing.Requests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A change stream lasts no longer than its token. */
class StreamTokenTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private static EventRecorder subscribe(String token, String cache) {
    return EventRecorder.subscribe(
        DataPlaneGrpc.newStub(server.channel()).withCallCredentials(new BearerToken(token, CLIENT_ID)),
        SubscribeRequest.newBuilder().setCache(cache).build());
  }

  @Test
  void streamOfAnExpiredToken_endsUnauthenticated_othersGoOn() throws Exception {
    String cache = server.newCache();
    String shortLived = server.server().tokens().issue(ACCOUNT, Duration.ofMinutes(1));
    String longLived = server.server().tokens().issue(ACCOUNT, Duration.ofDays(30));
    try (EventRecorder expiring = subscribe(shortLived, cache);
        EventRecorder lasting = subscribe(longLived, cache)) {
      server.clock().advance(Duration.ofMinutes(2));

      assertTrue(expiring.awaitEnd(), "the stream outlived its token");
      Status status = Status.fromThrowable(expiring.error());
      assertEquals(Status.Code.UNAUTHENTICATED, status.getCode(), status.toString());
      ErrorDetail detail = Status.trailersFromThrowable(expiring.error())
          .get(ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance()));
      assertEquals(ErrorReason.TOKEN_EXPIRED, detail.getReason());
      assertTrue(status.getDescription().startsWith("token expired at "), status.getDescription());

      put(server.data(longLived, CLIENT_ID), cache, "k", "v");
      assertEquals(ChangeType.CHANGE_TYPE_CREATED, lasting.nextChange().getType());
      assertNull(lasting.error());
    }
  }
}
