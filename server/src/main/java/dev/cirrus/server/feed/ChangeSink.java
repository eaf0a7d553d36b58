package dev.cirrus.server.feed;

import dev.cirrus.server.error.CirrusException;

/**
 * Where a subscription delivers its events: the transport side of a change stream. Calls are
 * serialized by the subscription (never concurrent) and come from the feed's executor.
 */
public interface ChangeSink {
  /** Whether the transport can take another event without buffering. */
  boolean isReady();

  /**
   * Whether this subscriber asked for values: when not, events are queued for it without them,
   * so a slow subscriber of keys only holds no values in memory.
   */
  default boolean includesValues() {
    return true;
  }

  void send(ChangeEvent event, long sequence);

  /** The stream ended normally (after CACHE_DELETED). */
  void complete();

  /** The stream ended with a refusal (too slow, shutting down). */
  void fail(CirrusException error);
}
