package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import javax.crypto.SecretKey;

/**
 * One token signing key: its id (the {@code kid} header of the tokens it signs), when it was
 * created, and the HMAC-SHA256 secret. {@link #toString} never shows the secret.
 */
public record SigningKey(String id, Instant createdAt, SecretKey secret) {
  public SigningKey {
    requireNonNull(id, "id");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(secret, "secret");
    if (!KeyFiles.isKeyId(id)) {
      throw new IllegalArgumentException("key id must look like k1, k2, …; got '" + id + "'");
    }
  }

  @Override
  public String toString() {
    return "SigningKey[id=" + id + ", createdAt=" + createdAt + "]";
  }
}
