package dev.cirrus.server.auth;

import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.Requests.delete;
import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.removal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client id is bound to the token it comes with: another token's holder sending the same id is
 * not taken for that client on its change stream (clients skip events carrying their own id), while
 * a client's own changes keep the id it sent.
 */
class ClientIdBindingTest {
  private static final String VICTIM = "victim-client";

  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private static EventRecorder subscribe(String token, String clientId, String cache) {
    return EventRecorder.subscribe(
        DataPlaneGrpc.newStub(server.channel()).withCallCredentials(new BearerToken(token, clientId)),
        SubscribeRequest.newBuilder().setCache(cache).build());
  }

  @Test
  void anotherTokensWriteWithMyClientId_doesNotCarryMyId_myOwnWritesDo() {
    String cache = server.newCache();
    String mine = server.token(ACCOUNT);
    String theirs = server.token(ACCOUNT);
    try (EventRecorder events = subscribe(mine, VICTIM, cache)) {
      put(server.data(theirs, VICTIM), cache, "spoofed", "x");
      put(server.data(mine, VICTIM), cache, "own", "y");
      put(server.data(mine, "my-other-client"), cache, "sibling", "z");
      delete(server.data(theirs, VICTIM), cache, removal("own"));

      ChangeEvent spoofed = events.nextChange();
      assertEquals(ChangeType.CHANGE_TYPE_CREATED, spoofed.getType());
      assertNotEquals(VICTIM, spoofed.getWriterClientId(), "another token passed for this client");
      assertTrue(spoofed.getWriterClientId().endsWith("/" + VICTIM), spoofed.getWriterClientId());

      assertEquals(VICTIM, events.nextChange().getWriterClientId(), "own write not recognisable");
      assertEquals("my-other-client", events.nextChange().getWriterClientId());
      ChangeEvent removed = events.nextChange();
      assertEquals(ChangeType.CHANGE_TYPE_REMOVED, removed.getType());
      assertEquals(spoofed.getWriterClientId(), removed.getWriterClientId(),
          "one token and client id, one writer id");
    }
  }

  @Test
  void twoOtherTokens_withTheSameClientId_areTwoWriters() {
    String cache = server.newCache();
    try (EventRecorder events = subscribe(server.token(ACCOUNT), "listener", cache)) {
      put(server.data(server.token(ACCOUNT), VICTIM), cache, "a", "x");
      put(server.data(server.token(ACCOUNT), VICTIM), cache, "b", "x");
      assertNotEquals(events.nextChange().getWriterClientId(), events.nextChange().getWriterClientId());
    }
  }
}
