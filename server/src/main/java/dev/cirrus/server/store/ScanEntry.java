package dev.cirrus.server.store;

import com.google.protobuf.ByteString;

/** One live entry returned by a scan; {@code value} is null unless values were asked for. */
public record ScanEntry(ByteString key, ByteString value, long version) {}
