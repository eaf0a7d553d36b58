package dev.cirrus.server.store.redis;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.feed.ChangeEvent;
import dev.cirrus.server.feed.ChangeFeed;
import dev.cirrus.server.feed.ChangeSink;
import dev.cirrus.server.feed.ChangeTopic;
import dev.cirrus.server.feed.ChangeType;
import dev.cirrus.server.feed.Subscription;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Change streams across nodes, over Redis 7's sharded pub/sub. The scripts publish every change
 * on its bucket's shard channel in the same atomic step as the change; a node that has
 * subscribers for a cache subscribes (SSUBSCRIBE, on the master that owns each channel's slot) to
 * the cache's {@link BucketKeys#BUCKETS} channels and hands what arrives to the cache's local
 * {@link ChangeTopic}, so a write through any node reaches the listeners of every node. No
 * channel carries the whole cluster's writes.
 *
 * <p>A gap is never silent: when a connection of the event client drops, messages may have been
 * lost, so every open stream ends with UNAVAILABLE (clients resubscribe, near caches drop what they
 * hold) and the next subscription subscribes again, on a new connection, on the current owners
 * of the slots. Likewise when a slot moves to another master (resharding): Redis ends the old
 * master's subscriptions to the slot's channels, so the streams of the caches whose channel it
 * was end with UNAVAILABLE, once the node has read the topology again, so that their next
 * subscription goes to the slot's new owner.
 *
 * <p>Concurrency: {@link #lock} serializes the creation of topics (it waits for SSUBSCRIBE);
 * messages arrive on Lettuce's event loop and only touch the concurrent map and the topics, which
 * never block.
 */
final class ShardEvents implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ShardEvents.class.getName());

  private final RedisLink link;
  private final ChangeFeed feed;
  private final Executor executor;
  private final Consumer<String> onCacheDeleted;
  private final Object lock = new Object();
  /** incarnation → its topic on this node. */
  private final Map<String, ChangeTopic> topics = new ConcurrentHashMap<>();
  /**
   * incarnation → events sent and dropped by this node's topics of the cache that have ended (a
   * gap ends them while the cache lives on), so the figures only grow; gone with the cache.
   */
  private final Map<String, Ended> ended = new ConcurrentHashMap<>();
  /** Written under {@link #lock}; created on first use. */
  private volatile EventChannels channels;
  private volatile boolean closed;

  /**
   * @param executor runs the handling of a lost connection, off Lettuce's event loop
   * @param onCacheDeleted told the incarnation of a cache some node deleted
   */
  ShardEvents(RedisLink link, ChangeFeed feed, Executor executor, Consumer<String> onCacheDeleted) {
    this.link = link;
    this.feed = feed;
    this.executor = executor;
    this.onCacheDeleted = onCacheDeleted;
    link.watchEvents(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
        // Only the connections that carry subscriptions: the client also opens and closes
        // connections of its own (topology refresh).
        EventChannels current = channels;
        if (!closed && current != null && current.carries(handler)) {
          executor.execute(ShardEvents.this::gap);
        }
      }
    });
  }

  Subscription subscribe(LiveCache cache, ChangeSink sink, long heartbeatMillis) {
    for (int attempt = 0; attempt < 3; attempt++) {
      ChangeTopic topic = topicFor(cache);
      Subscription subscription = topic.subscribe(sink, heartbeatMillis);
      if (subscription != null) {
        return subscription;
      }
      // The topic ended (a gap or a delete) between the two steps.
      topics.remove(cache.incarnation(), topic);
    }
    throw CirrusException.unavailable("the change stream of cache '" + cache.id().name()
        + "' could not be opened while its connection to Redis kept breaking; subscribe again");
  }

  private ChangeTopic topicFor(LiveCache cache) {
    ChangeTopic existing = topics.get(cache.incarnation());
    if (existing != null) {
      return existing;
    }
    synchronized (lock) {
      if (closed) {
        throw CirrusException.shuttingDown("the server is shutting down; reconnect to a running server");
      }
      existing = topics.get(cache.incarnation());
      if (existing != null) {
        return existing;
      }
      if (channels == null) {
        channels = link.openEvents(new EventChannels.Handler() {
          @Override
          public void message(byte[] channel, byte[] message) {
            deliver(channel, message);
          }

          @Override
          public void ended(byte[] channel) {
            executor.execute(() -> channelEnded(channel));
          }
        });
      }
      List<CompletableFuture<Void>> subscribed = new ArrayList<>();
      for (int b = 0; b < BucketKeys.BUCKETS; b++) {
        subscribed.add(channels.subscribe(cache.keys().channel(b)));
      }
      link.await(CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)));
      ChangeTopic topic = feed.newTopic();
      topics.put(cache.incarnation(), topic);
      return topic;
    }
  }

  private void deliver(byte[] channel, byte[] message) {
    BucketKeys.ChannelName name = BucketKeys.parseChannel(channel);
    ChangeTopic topic = name == null ? null : topics.get(name.incarnation());
    if (topic == null) {
      return;
    }
    try {
      if (EventMessage.kind(message) == 'D') {
        topics.remove(name.incarnation(), topic);
        ended.remove(name.incarnation());
        onCacheDeleted.accept(name.incarnation());
        topic.close();
        return;
      }
      ChangeEvent event = EventMessage.parse(message);
      if (event != null && topic.hasSubscribers()) {
        topic.publish(event.type() == ChangeType.CLEARED
            ? ChangeEvent.control(ChangeType.CLEARED, event.writerClientId()) : event);
      }
    } catch (RuntimeException e) {
      // A message this version cannot read: say so on the streams rather than drop it unseen.
      LOG.log(Level.WARNING, "event=unreadable_change_message", e);
      if (topics.remove(name.incarnation(), topic)) {
        retire(name.incarnation(), topic);
      }
      topic.shutdown(gapError("a change message could not be read"));
    }
  }

  /**
   * Redis ended the subscription to a cache's bucket channel (its slot moved to another master):
   * that bucket's changes no longer reach this node, so the cache's streams here end.
   */
  private void channelEnded(byte[] channel) {
    BucketKeys.ChannelName name = BucketKeys.parseChannel(channel);
    if (closed || name == null) {
      return;
    }
    // Under the lock: a topic whose SSUBSCRIBE Redis confirmed just before ending it is in the
    // map once the lock is free, so it is ended too rather than left deaf to the bucket. A
    // channel of no topic (a deleted cache's, or one whose streams ended already) is left be.
    synchronized (lock) {
      if (!topics.containsKey(name.incarnation())) {
        return;
      }
    }
    // First the topology, so that the subscription the ended streams' clients open next goes to
    // the slot's new owner rather than to the master that just ended this one.
    refreshTopology();
    ChangeTopic topic;
    synchronized (lock) {
      topic = topics.get(name.incarnation());
      if (topic == null || !topics.remove(name.incarnation(), topic)) {
        return;
      }
      retire(name.incarnation(), topic);
    }
    LOG.warning(() -> "event=change_stream_gap cause=slot_moved incarnation="
        + name.incarnation() + " bucket=" + name.bucket() + " store=" + link.target());
    topic.shutdown(gapError("a slot of the cache moved to another master of its Redis store ("
        + link.target() + ")"));
  }

  /** A connection of the event client broke: end every stream, as changes may have been lost. */
  private void gap() {
    EventChannels broken;
    synchronized (lock) {
      // The next subscription opens a fresh connection rather than trust one that Lettuce is
      // reconnecting (and resubscribing) on its own.
      broken = channels;
      channels = null;
    }
    if (broken != null) {
      broken.close();
    }
    List<ChangeTopic> broke = new ArrayList<>();
    topics.forEach((incarnation, topic) -> {
      if (topics.remove(incarnation, topic)) {
        broke.add(topic);
        retire(incarnation, topic);
      }
    });
    if (!broke.isEmpty()) {
      LOG.warning(() -> "event=change_stream_gap streams_ended_for_caches=" + broke.size()
          + " store=" + link.target());
    }
    CirrusException error = gapError(connectionBroke());
    for (ChangeTopic topic : broke) {
      topic.shutdown(error);
    }
    refreshTopology();
  }

  private void refreshTopology() {
    try {
      link.refreshTopology();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "event=topology_refresh_failed", e);
    }
  }

  private String connectionBroke() {
    return "the server's connection to its Redis store (" + link.target() + ") broke";
  }

  private static CirrusException gapError(String cause) {
    return CirrusException.unavailable("change stream interrupted: " + cause
        + ", so changes may have been missed; subscribe again and drop what was cached from"
        + " this stream");
  }

  /** The cache was deleted through this node: end its streams here at once. */
  void deleted(String incarnation) {
    ended.remove(incarnation);
    ChangeTopic topic = topics.remove(incarnation);
    if (topic != null) {
      topic.close();
    }
  }

  /** Subscribers, events sent and events dropped of the cache {@code incarnation} on this node. */
  long[] activity(String incarnation) {
    ChangeTopic topic = topics.get(incarnation);
    Ended before = ended.get(incarnation);
    long sent = before == null ? 0 : before.sent.sum();
    long dropped = before == null ? 0 : before.dropped.sum();
    if (topic == null) {
      return new long[] {0, sent, dropped};
    }
    return new long[] {topic.subscriberCount(), sent + topic.eventsSent(),
        dropped + topic.eventsDropped()};
  }

  private void retire(String incarnation, ChangeTopic topic) {
    Ended e = ended.computeIfAbsent(incarnation, k -> new Ended());
    e.sent.add(topic.eventsSent());
    e.dropped.add(topic.eventsDropped());
  }

  /** What the ended topics of one cache sent and dropped. */
  private static final class Ended {
    final LongAdder sent = new LongAdder();
    final LongAdder dropped = new LongAdder();
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      CirrusException down = CirrusException.shuttingDown(
          "the server is shutting down; reconnect to a running server");
      topics.values().forEach(topic -> topic.shutdown(down));
      topics.clear();
      if (channels != null) {
        channels.close();
      }
    }
  }
}
