package dev.cirrus.server.momento;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash GetWithHash answers and SetIfHash's conditions compare: SHA-256 of the value's bytes,
 * in lower-case hex. Momento's clients treat it as opaque bytes; a cryptographic hash keeps two
 * different values from ever passing for each other in a condition, and hex text survives the
 * SDKs' accessors that hand the hash out as a string.
 */
final class ValueHash {
  private ValueHash() {}

  static ByteString of(ByteString value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      value.asReadOnlyByteBufferList().forEach(digest::update);
      return ByteString.copyFromUtf8(HexFormat.of().formatHex(digest.digest()));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform has SHA-256 (java.security.MessageDigest's contract).
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** Whether {@code value} (null: no entry) is present with the hash {@code hash}. */
  static boolean matches(ByteString value, ByteString hash) {
    return value != null && of(value).equals(hash);
  }
}
