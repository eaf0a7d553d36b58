package dev.cirrus.server.store.redis;

import java.util.concurrent.CompletableFuture;

/**
 * One node's subscriptions to shard channels: over a cluster on the master that owns each
 * channel's slot, on a plain Redis on its one connection. Messages, and subscriptions Redis ends,
 * go to the handler given when the channels were opened, on the client's event loop.
 *
 * <p>The store never unsubscribes (a channel stays subscribed until its connection closes), so
 * every SUNSUBSCRIBE Redis sends is one it was not asked for: the slot moved to another master.
 */
interface EventChannels extends AutoCloseable {
  /** Subscribes to {@code channel}; completes once Redis has confirmed it. */
  CompletableFuture<Void> subscribe(byte[] channel);

  /** Whether {@code connection} (from a connection state event) carries these subscriptions. */
  boolean carries(Object connection);

  @Override
  void close();

  /** Takes the messages and the ends of subscriptions. */
  interface Handler {
    /** A message: channel and message bytes. */
    void message(byte[] channel, byte[] message);

    /**
     * Redis ended the subscription to {@code channel} unasked (over a cluster: its slot moved
     * to another master, which Redis 7 follows by ending the old master's subscriptions to the
     * slot's shard channels). Nothing published on it reaches this node from then on.
     */
    void ended(byte[] channel);
  }
}
