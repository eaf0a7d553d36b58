package dev.cirrus.server.store.redis;

import com.google.protobuf.ByteString;
import dev.cirrus.server.feed.ChangeEvent;
import dev.cirrus.server.feed.ChangeType;
import java.nio.charset.StandardCharsets;

/**
 * Reads the change messages the scripts publish: a kind letter (C created, U updated, R removed,
 * E expired, L cleared, D cache deleted), then version, writer, key, value and old value, each as
 * {@code length:bytes} or {@code -} when absent.
 */
final class EventMessage {
  private final byte[] bytes;
  private int at;

  private EventMessage(byte[] bytes) {
    this.bytes = bytes;
    this.at = 1;
  }

  /** The kind letter of a message. */
  static char kind(byte[] message) {
    return message.length == 0 ? '?' : (char) message[0];
  }

  /** The change a message describes; null for a kind that is not a change of one entry. */
  static ChangeEvent parse(byte[] message) {
    ChangeType type = switch (kind(message)) {
      case 'C' -> ChangeType.CREATED;
      case 'U' -> ChangeType.UPDATED;
      case 'R' -> ChangeType.REMOVED;
      case 'E' -> ChangeType.EXPIRED;
      case 'L' -> ChangeType.CLEARED;
      default -> null;
    };
    if (type == null) {
      return null;
    }
    EventMessage reader = new EventMessage(message);
    long version = Long.parseLong(reader.field().toStringUtf8());
    String writer = reader.field().toString(StandardCharsets.UTF_8);
    ByteString key = reader.field();
    ByteString value = reader.field();
    ByteString old = reader.field();
    return new ChangeEvent(type, key == null ? ByteString.EMPTY : key, value, old, version, writer);
  }

  /** The next field, or null when absent. */
  private ByteString field() {
    if (bytes[at] == '-') {
      at++;
      return null;
    }
    int length = 0;
    while (bytes[at] != ':') {
      length = length * 10 + (bytes[at] - '0');
      at++;
    }
    at++;
    ByteString field = ByteString.copyFrom(bytes, at, length);
    at += length;
    return field;
  }
}
