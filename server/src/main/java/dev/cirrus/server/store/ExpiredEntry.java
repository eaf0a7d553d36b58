package dev.cirrus.server.store;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;

/** An entry an operation found expired, removed and reported before applying itself. */
public record ExpiredEntry(ByteString value, long version) {
  public ExpiredEntry {
    requireNonNull(value, "value");
  }
}
