package dev.cirrus.server.store.redis;

import java.util.concurrent.CompletableFuture;

/**
 * One node's subscriptions to shard channels: over a cluster on the master that owns each
 * channel's slot, on a plain Redis on its one connection. Messages go to the handler given when
 * the channels were opened, on the client's event loop.
 */
interface EventChannels extends AutoCloseable {
  /** Subscribes to {@code channel}; completes once Redis has confirmed it. */
  CompletableFuture<Void> subscribe(byte[] channel);

  /** Whether {@code connection} (from a connection state event) carries these subscriptions. */
  boolean carries(Object connection);

  @Override
  void close();

  /** Takes the messages: channel and message bytes. */
  interface Handler {
    void message(byte[] channel, byte[] message);
  }
}
