package dev.cirrus.jcache.internal.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/**
 * Which failures send a call to the next node: a node that does not answer, or whose connection
 * closed under the call, however gRPC's transport words it; never a refusal the node made.
 */
class NodesTest {

  @Test
  void unavailableOrOutOfTime_isANodeDown() {
    assertTrue(Nodes.nodeDown(Status.UNAVAILABLE.asRuntimeException()));
    assertTrue(Nodes.nodeDown(Status.DEADLINE_EXCEEDED.asRuntimeException()));
  }

  @Test
  void aConnectionClosedUnderTheCall_reportedAsUnknown_isANodeDown() {
    // What grpc-java's Netty transport answers for some calls on a connection a killed node closed.
    Throwable closed = new IOException("channel closed", new ClosedChannelException());
    assertTrue(Nodes.nodeDown(Status.UNKNOWN.withDescription("channel closed")
        .withCause(closed).asRuntimeException()));
  }

  @Test
  void otherUnknownFailuresAndRefusals_areNot() {
    assertFalse(Nodes.nodeDown(Status.UNKNOWN.withDescription("handler failed")
        .withCause(new IllegalStateException()).asRuntimeException()));
    assertFalse(Nodes.nodeDown(Status.INTERNAL.withCause(new ClosedChannelException())
        .asRuntimeException()));
    assertFalse(Nodes.nodeDown(Status.NOT_FOUND.asRuntimeException()));
    assertFalse(Nodes.nodeDown(Status.RESOURCE_EXHAUSTED.asRuntimeException()));
  }
}
