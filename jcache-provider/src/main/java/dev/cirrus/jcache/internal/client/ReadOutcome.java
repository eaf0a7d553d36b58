package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;
import java.util.Objects;

/**
 * What a read of one key found.
 *
 * @param found whether a live entry was there
 * @param value its value bytes when found, else empty
 * @param version its version when found; versions only grow
 * @param expiresInMillis its remaining time to live at the server, 0 for none
 * @param expiredValue the value of an entry the read found expired (the server removed it and
 *     published the expiry), or null when there was none
 * @param valueRest when not null, the value's bytes after its first, read from the wire into an
 *     array of their own that {@code value} views and nothing else holds: a caller that keeps
 *     nothing of {@code value} may take this array as it is instead of copying it out. Not part
 *     of the outcome's equality, which is that of the bytes.
 */
public record ReadOutcome(boolean found, ByteString value, long version, long expiresInMillis,
    ByteString expiredValue, byte[] valueRest) {

  public ReadOutcome(
      boolean found, ByteString value, long version, long expiresInMillis, ByteString expiredValue) {
    this(found, value, version, expiresInMillis, expiredValue, null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadOutcome r && found == r.found && version == r.version
        && expiresInMillis == r.expiresInMillis && value.equals(r.value)
        && Objects.equals(expiredValue, r.expiredValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(found, value, version, expiresInMillis, expiredValue);
  }

  @Override
  public String toString() {
    return "ReadOutcome[found=" + found + ", value=" + value + ", version=" + version
        + ", expiresInMillis=" + expiresInMillis + ", expiredValue=" + expiredValue + "]";
  }
}
