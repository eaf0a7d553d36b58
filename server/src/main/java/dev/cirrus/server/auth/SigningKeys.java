package dev.cirrus.server.auth;

import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * The server's token signing key, a 256-bit HMAC-SHA256 key stored base64-encoded in
 * {@code <data-dir>/signing-key}. Created on first start with owner-only permissions (where the
 * file system has POSIX permissions) and reused afterwards, so tokens survive restarts.
 */
public final class SigningKeys {
  public static final String FILE_NAME = "signing-key";
  private static final int KEY_BYTES = 32;

  private SigningKeys() {}

  /** Loads the key from {@code dataDir}, creating the directory and the key when missing. */
  public static SecretKey loadOrCreate(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      create(dataDir, file);
    }
    return load(file);
  }

  /** Loads an existing key; fails with a message naming the file when it is missing or bad. */
  public static SecretKey load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no signing key at " + file.toAbsolutePath()
          + "; start the server once with this --data-dir to create it");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IllegalArgumentException e) {
      throw new IOException("signing key " + file.toAbsolutePath() + " is not base64; delete it to"
          + " create a new key (tokens issued with the old key stop working)", e);
    }
    if (bytes.length < KEY_BYTES) {
      throw new IOException("signing key " + file.toAbsolutePath() + " is shorter than "
          + KEY_BYTES + " bytes; delete it to create a new key");
    }
    return Keys.hmacShaKeyFor(bytes);
  }

  private static void create(Path dataDir, Path file) throws IOException {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    Path temp = createPrivateTempFile(dataDir);
    try {
      Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
      // A rename that refuses to overwrite: when two servers start at once, the first key wins.
      Files.move(temp, file);
    } catch (FileAlreadyExistsException e) {
      // Another process created the key first; load() reads theirs.
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Path createPrivateTempFile(Path dir) throws IOException {
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(ownerOnly);
      return Files.createTempFile(dir, ".signing-key", ".tmp", attribute);
    }
    Path temp = Files.createTempFile(dir, ".signing-key", ".tmp");
    java.io.File asFile = temp.toFile();
    // Best effort where POSIX permissions do not exist (Windows): owner-only read/write.
    boolean restricted = asFile.setReadable(false, false) && asFile.setReadable(true, true)
        && asFile.setWritable(false, false) && asFile.setWritable(true, true);
    if (!restricted) {
      java.util.logging.Logger.getLogger(SigningKeys.class.getName())
          .warning("event=signing_key_permissions_not_restricted file=" + temp);
    }
    return temp;
  }
}
