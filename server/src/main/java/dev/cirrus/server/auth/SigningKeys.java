package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The token signing keys of a data directory, as read at one moment (see {@link KeyFiles} for the
 * files). The key with the highest number signs new tokens; every other active key still
 * verifies the tokens it signed, until it is retired. A server reads its keys once, at start, so
 * {@link #rotate} and {@link #retire} take effect on its next start.
 *
 * <p>Rotation in practice: {@code keys rotate}, restart the server (new tokens now carry the new
 * key's id, old tokens stay valid), hand out new tokens, and once the old ones have expired or been
 * replaced, {@code keys retire --key-id OLD} and restart again.
 */
public final class SigningKeys {
  /** The single key file of earlier versions; it is key {@value KeyFiles#LEGACY_ID}. */
  public static final String LEGACY_FILE_NAME = KeyFiles.LEGACY_FILE;
  /** The folder of the data directory that holds the keys. */
  public static final String DIRECTORY_NAME = KeyFiles.DIRECTORY;
  private static final int CREATE_ATTEMPTS = 20;

  private final List<SigningKey> active;
  private final List<RetiredKey> retired;

  private SigningKeys(List<SigningKey> active, List<RetiredKey> retired) {
    this.active = List.copyOf(active);
    this.retired = List.copyOf(retired);
  }

  /** Reads the keys of {@code dataDir}, creating the directory and a first key when it has none. */
  public static SigningKeys loadOrCreate(Path dataDir, Clock clock) throws IOException {
    requireNonNull(dataDir, "dataDir");
    requireNonNull(clock, "clock");
    Files.createDirectories(dataDir);
    KeyFiles.Contents contents = KeyFiles.read(dataDir);
    if (!contents.active().isEmpty()) {
      return new SigningKeys(contents.active(), contents.retired());
    }
    createNext(dataDir, clock);
    return load(dataDir);
  }

  public static SigningKeys loadOrCreate(Path dataDir) throws IOException {
    return loadOrCreate(dataDir, Clock.systemUTC());
  }

  /** Reads the keys of {@code dataDir}; fails with a message saying what to do when it has none. */
  public static SigningKeys load(Path dataDir) throws IOException {
    requireNonNull(dataDir, "dataDir");
    KeyFiles.Contents contents = KeyFiles.read(dataDir);
    if (contents.active().isEmpty()) {
      throw new IOException("no signing key in " + dataDir.toAbsolutePath()
          + "; start the server once with this --data-dir to create one (or run `keys rotate`)");
    }
    return new SigningKeys(contents.active(), contents.retired());
  }

  /**
   * Creates a new key that signs every token issued from now on (by a server: from its next
   * start). Existing keys keep verifying.
   */
  public static SigningKey rotate(Path dataDir, Clock clock) throws IOException {
    requireNonNull(dataDir, "dataDir");
    requireNonNull(clock, "clock");
    Files.createDirectories(dataDir);
    return createNext(dataDir, clock);
  }

  /**
   * Retires key {@code id}: its secret is deleted, and tokens it signed are refused from the
   * server's next start on.
   *
   * @throws IllegalArgumentException when there is no such active key, or it is the one that signs
   *     new tokens (rotate first)
   */
  public static RetiredKey retire(Path dataDir, String id, Clock clock) throws IOException {
    requireNonNull(id, "id");
    requireNonNull(clock, "clock");
    SigningKeys keys = load(dataDir);
    Optional<RetiredKey> already = keys.retired(id);
    if (already.isPresent()) {
      throw new IllegalArgumentException(
          "key " + id + " was already retired at " + already.get().retiredAt());
    }
    SigningKey key = keys.find(id).orElseThrow(() -> new IllegalArgumentException(
        "there is no key '" + id + "' in " + dataDir.toAbsolutePath() + "; its keys are "
            + keys.active.stream().map(SigningKey::id).toList() + " (see `keys list`)"));
    if (key.equals(keys.current())) {
      throw new IllegalArgumentException("key " + id + " signs new tokens and cannot be retired;"
          + " run `keys rotate` first, restart the server, and retire " + id
          + " once the tokens it signed are no longer needed");
    }
    return KeyFiles.retire(dataDir, key, clock.instant());
  }

  private static SigningKey createNext(Path dataDir, Clock clock) throws IOException {
    for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      KeyFiles.Contents contents = KeyFiles.read(dataDir);
      int highest = 0;
      for (SigningKey key : contents.active()) {
        highest = Math.max(highest, KeyFiles.number(key.id()));
      }
      for (RetiredKey key : contents.retired()) {
        highest = Math.max(highest, KeyFiles.number(key.id()));
      }
      try {
        return KeyFiles.create(dataDir, "k" + (highest + 1), clock.instant());
      } catch (FileAlreadyExistsException e) {
        // Another process took that number a moment ago: read again and take the next one.
      }
    }
    throw new IOException("could not create a signing key in " + dataDir.toAbsolutePath()
        + " after " + CREATE_ATTEMPTS + " attempts: other processes keep creating keys there");
  }

  /** The key that signs new tokens: the active one with the highest number. */
  public SigningKey current() {
    return active.get(active.size() - 1);
  }

  /** The active key with this id. */
  public Optional<SigningKey> find(String id) {
    return active.stream().filter(k -> k.id().equals(id)).findFirst();
  }

  /** The retired key with this id. */
  public Optional<RetiredKey> retired(String id) {
    return retired.stream().filter(k -> k.id().equals(id)).findFirst();
  }

  /** Active keys, oldest first; the last one signs. */
  public List<SigningKey> active() {
    return active;
  }

  /** Retired keys, oldest first. */
  public List<RetiredKey> retired() {
    return retired;
  }
}
