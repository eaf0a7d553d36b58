package dev.cirrus.server.feed;

/** The kinds of change-stream events. */
public enum ChangeType {
  SUBSCRIBED,
  CREATED,
  UPDATED,
  REMOVED,
  EXPIRED,
  CLEARED,
  HEARTBEAT,
  CACHE_DELETED
}
