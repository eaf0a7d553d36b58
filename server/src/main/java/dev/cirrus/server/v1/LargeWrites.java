package dev.cirrus.server.v1;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;

/**
 * Single writes of a large value, parsed with the value a view of the request's array rather than
 * a copy of it, for a door that reads each request into an array of its own (the data path). The
 * array was read for this request alone and nothing writes it afterwards, and
 * the value is nearly all of it, so the store keeps the one array the value arrived in where it
 * would keep a copy and leave the original to the collector: a large put allocates its value once
 * on the server, not twice. The key is copied: a store keeps the key an entry was created with
 * for as long as the entry lives, across later writes, and a view would keep this whole request
 * (its value long replaced) alive with it. Batches are parsed with copies: one value kept would
 * keep the whole batch's array.
 */
final class LargeWrites {
  /** Payloads from this size on are parsed as views: below it, a copy costs less than a view. */
  static final int FROM = 8 * 1024;

  private LargeWrites() {}

  /** Whether a SET request of {@code length} bytes is parsed here. */
  static boolean applies(int length) {
    return length >= FROM;
  }

  /** The SetRequest in {@code bytes} from {@code offset}, its value a view of them. */
  static SetRequest parse(byte[] bytes, int offset, int length)
      throws InvalidProtocolBufferException {
    // Aliasing applies only to input protobuf is told is immutable: an unsafe wrap says so.
    CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes, offset, length).newCodedInput();
    in.enableAliasing(true);
    SetRequest request = SetRequest.parser().parseFrom(in);
    Write write = request.getWrite();
    return request.toBuilder().setWrite(write.toBuilder()
        .setKey(ByteString.copyFrom(write.getKey().asReadOnlyByteBuffer()))).build();
  }
}
