package dev.cirrus.jcache.internal.client;

import dev.cirrus.jcache.config.Endpoint;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The nodes a client may talk to and the one it talks to now. A client starts on a random node
 * (so the clients of a fleet spread over the nodes) and stays on it while it answers; when a call
 * finds it down the client moves to the next node of the list, once however many calls saw it
 * fail, and tells the {@linkplain #onMove listeners} (change streams reopen on the new node, near
 * caches empty themselves: they may have missed events meanwhile).
 *
 * <p>Thread-safe: the current node is an atomic index; listeners are called on the thread whose
 * call found the node down, without any lock held.
 */
final class Nodes implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Nodes.class.getName());

  private final List<Node> nodes;
  private final AtomicInteger current;
  private final List<Consumer<Endpoint>> listeners = new CopyOnWriteArrayList<>();

  Nodes(List<Node> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a client needs at least one node");
    }
    this.nodes = List.copyOf(nodes);
    this.current = new AtomicInteger(ThreadLocalRandom.current().nextInt(nodes.size()));
  }

  /** The node calls go to now. */
  Node current() {
    return nodes.get(current.get());
  }

  int size() {
    return nodes.size();
  }

  /** Whether a failure of this kind means the node may be down, so others are worth trying. */
  static boolean nodeDown(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
        || (code == Status.Code.UNKNOWN && connectionClosed(e));
  }

  /**
   * Whether the call failed because its connection closed under it: grpc-java's Netty transport
   * reports some of these (a node killed while a call is written) as UNKNOWN "channel closed"
   * rather than UNAVAILABLE.
   */
  private static boolean connectionClosed(StatusRuntimeException e) {
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code failed} did not answer: moves to the node after it unless another call moved already,
   * and answers the node calls go to now (the same one when there is no other).
   */
  Node failedOver(Node failed) {
    int from = nodes.indexOf(failed);
    int to = (from + 1) % nodes.size();
    if (from >= 0 && to != from && current.compareAndSet(from, to)) {
      moved(failed.endpoint(), nodes.get(to).endpoint());
    }
    return current();
  }

  /** Moves to the node at {@code endpoint} (one that holds what the current one lacks). */
  void moveTo(Endpoint endpoint) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).endpoint().equals(endpoint)) {
        int from = current.getAndSet(i);
        if (from != i) {
          moved(nodes.get(from).endpoint(), endpoint);
        }
        return;
      }
    }
    throw new IllegalArgumentException(endpoint + " is not one of " + nodes);
  }

  /** The node at {@code endpoint}, or null when it is not listed. */
  Node node(Endpoint endpoint) {
    for (Node node : nodes) {
      if (node.endpoint().equals(endpoint)) {
        return node;
      }
    }
    return null;
  }

  /** Every node's endpoint, in the order configured. */
  List<Endpoint> endpoints() {
    return nodes.stream().map(Node::endpoint).toList();
  }

  List<Node> all() {
    return nodes;
  }

  /**
   * Calls {@code listener} with the new node whenever the client moves; answers what removes it.
   */
  Runnable onMove(Consumer<Endpoint> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void moved(Endpoint from, Endpoint to) {
    LOG.warning(() -> "event=node_failover from=" + from + " to=" + to
        + " reason=\"no answer from " + from + "; calls go to " + to
        + " (near caches emptied, change streams reopened there)\"");
    for (Consumer<Endpoint> listener : listeners) {
      try {
        listener.accept(to);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a failover listener failed", e);
      }
    }
  }

  @Override
  public void close() {
    listeners.clear();
    nodes.forEach(Node::close);
  }
}
