package dev.cirrus.jcache.internal.client;

import dev.cirrus.jcache.config.Endpoint;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.function.Function;
import javax.cache.CacheException;

/**
 * Runs each call on the node in use and, when that node is down, on the next: a call that cannot
 * be applied twice (idempotent, or refused at connect so it reached no server) is sent there
 * within what is left of its deadline, each node once; any other failure leaves as a {@link
 * CacheException} saying where later calls go.
 *
 * <p>Thread-safe: it keeps no state of its own beyond {@link Nodes}.
 */
final class Failover {

  private final Nodes nodes;
  private final CallTimer timer;
  private final Duration callTimeout;

  Failover(Nodes nodes, CallTimer timer, ClientSettings settings) {
    this.nodes = nodes;
    this.timer = timer;
    this.callTimeout = settings.callTimeout();
  }

  /**
   * Runs {@code rpc} on the node in use; when that node is down, moves on and, if the call may be
   * sent again, sends it to the next node within what is left of the deadline, each node once.
   *
   * @param resendable whether the call may be sent again though it may have reached a server
   */
  <T> T call(String operation, boolean resendable, Function<Node, T> rpc) {
    long deadline = System.nanoTime() + callTimeout.toNanos();
    Node node = nodes.current();
    for (int tried = 1; ; tried++) {
      Node target = node;
      try {
        // The first attempt has the whole call timeout; later ones only what is left of it.
        return tried == 1 ? rpc.apply(target) : timer.before(deadline, () -> rpc.apply(target));
      } catch (StatusRuntimeException e) {
        node.failed(e);
        if (!Nodes.nodeDown(e)) {
          throw node.errors().translate(e, operation);
        }
        Node next = nodes.failedOver(node);
        boolean resend = resendable || neverSent(e);
        if (next == node || tried >= nodes.size() || !resend || deadline - System.nanoTime() <= 0) {
          throw failure(node, next, e, operation, resend);
        }
        node = next;
      }
    }
  }

  /** Whether the call certainly reached no server: its connection was refused. */
  private static boolean neverSent(StatusRuntimeException e) {
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  /** The failure of a call to {@code node}, saying where later calls go when the client moved. */
  private CacheException failure(
      Node node, Node next, StatusRuntimeException e, String operation, boolean resend) {
    CacheException translated = node.errors().translate(e, operation);
    if (nodes.size() == 1) {
      return translated;
    }
    String more;
    if (!resend && next != node) {
      more = ". The " + operation + " may or may not have been applied there, so it was not sent"
          + " again; later calls go to " + next.endpoint();
    } else {
      more = ". No other node of " + Endpoint.toString(nodes.endpoints())
          + " answered it within the call's deadline either";
    }
    return new CacheException(translated.getMessage() + more, e);
  }
}
