package dev.cirrus.server.v1;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.server.auth.Caller;

/** The change feed's events as cirrus.v1 {@link ChangeEvent}s. */
public final class ChangeEvents {
  private ChangeEvents() {}

  /**
   * {@code event} as sent to {@code subscriber}: values only when it asked for them, the writer as
   * {@link Caller#writerIdAsSeen} shows it to that subscriber.
   */
  public static ChangeEvent of(dev.cirrus.server.feed.ChangeEvent event, long sequence,
      boolean includeValues, Caller subscriber) {
    ChangeEvent.Builder message =
        ChangeEvent.newBuilder()
            .setType(type(event.type()))
            .setKey(event.key())
            .setVersion(event.version())
            .setWriterClientId(subscriber.writerIdAsSeen(event.writerClientId()))
            .setSequence(sequence);
    if (includeValues) {
      if (event.value() != null) {
        message.setValue(event.value()).setHasValue(true);
      }
      if (event.oldValue() != null) {
        message.setOldValue(event.oldValue()).setHasOldValue(true);
      }
    }
    return message.build();
  }

  private static ChangeType type(dev.cirrus.server.feed.ChangeType type) {
    return switch (type) {
      case SUBSCRIBED -> ChangeType.CHANGE_TYPE_SUBSCRIBED;
      case CREATED -> ChangeType.CHANGE_TYPE_CREATED;
      case UPDATED -> ChangeType.CHANGE_TYPE_UPDATED;
      case REMOVED -> ChangeType.CHANGE_TYPE_REMOVED;
      case EXPIRED -> ChangeType.CHANGE_TYPE_EXPIRED;
      case CLEARED -> ChangeType.CHANGE_TYPE_CLEARED;
      case HEARTBEAT -> ChangeType.CHANGE_TYPE_HEARTBEAT;
      case CACHE_DELETED -> ChangeType.CHANGE_TYPE_CACHE_DELETED;
    };
  }
}
