package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Revoked tokens, by token id (the JWT's {@code jti}), kept in the data directory ({@link
 * RevocationFile}). The command line adds to the list ({@link #revoke}); a server {@link #load}s
 * it at start and {@link #refresh}es it while it runs (it looks at the file's size and time once a
 * second), so a revocation takes effect within seconds on every door: calls, data path requests,
 * open change streams.
 *
 * <p>The list is bounded ({@code --max-revoked-tokens}): the command line refuses to grow it past
 * the bound, a server refuses to start with a longer one, and a running server that finds one
 * keeps the first ids up to the bound and says so in its log.
 */
public final class Revocations {
  /** How many ids a list may hold unless configured otherwise. */
  public static final int DEFAULT_MAX = 100_000;
  /** A server without a data directory's list: nothing is revoked. */
  public static final Revocations NONE = new Revocations(null, 0);

  private static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Logger LOG = Logger.getLogger(Revocations.class.getName());

  /** One revoked token. */
  public record Revoked(String tokenId, Instant revokedAt) {
    public Revoked {
      requireNonNull(tokenId, "tokenId");
      requireNonNull(revokedAt, "revokedAt");
    }
  }

  /** What the file looked like when last read: a change of any part means a new read. */
  private record Stamp(FileTime modified, long size, Object fileKey) {}

  /** Null for {@link #NONE}. */
  private final Path file;
  private final int max;
  /** Replaced whole on a change; read without a lock on every call. */
  private volatile Set<String> ids = Set.of();
  /** Guarded by {@code this}. */
  private Stamp stamp;

  private Revocations(Path file, int max) {
    this.file = file;
    this.max = max;
  }

  /** Whether {@code id} can name a token: 1 to 128 letters, digits, '.', '_' or '-'. */
  public static boolean isTokenId(String id) {
    return id != null && TOKEN_ID.matcher(id).matches();
  }

  /**
   * Reads the list of {@code dataDir} (none yet is an empty list).
   *
   * @throws IOException when it cannot be read, or holds more than {@code max} ids
   */
  public static Revocations load(Path dataDir, int max) throws IOException {
    requireNonNull(dataDir, "dataDir");
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive, got " + max);
    }
    Revocations revocations = new Revocations(RevocationFile.in(dataDir), max);
    synchronized (revocations) {
      Stamp stamp = stamp(revocations.file);
      RevocationFile.Contents contents = RevocationFile.read(revocations.file, max);
      if (contents.overLimit()) {
        throw new IOException("the revocation list " + revocations.file.toAbsolutePath()
            + " holds more than " + max + " token ids (--max-revoked-tokens); raise"
            + " --max-revoked-tokens, or retire the signing keys that signed those tokens (`keys"
            + " rotate`, `keys retire`) and remove the list");
      }
      revocations.take(contents, stamp);
    }
    return revocations;
  }

  /**
   * Revokes the token {@code id} in {@code dataDir}'s list.
   *
   * @throws IllegalArgumentException when {@code id} cannot name a token, is revoked already, or
   *     the list holds {@code max} ids
   */
  public static Revoked revoke(Path dataDir, String id, int max, Clock clock) throws IOException {
    requireNonNull(dataDir, "dataDir");
    requireNonNull(clock, "clock");
    if (!isTokenId(id)) {
      throw new IllegalArgumentException("'" + id + "' is not a token id: ids are the token's"
          + " 'jti', printed when it was issued (1 to 128 letters, digits, '.', '_', '-')");
    }
    Files.createDirectories(dataDir);
    return RevocationFile.append(dataDir, id, clock.instant(), max);
  }

  /** Every revoked token of {@code dataDir}, in the order they were revoked. */
  public static List<Revoked> list(Path dataDir) throws IOException {
    return RevocationFile.read(RevocationFile.in(dataDir), Integer.MAX_VALUE / RevocationFile.MAX_LINE_BYTES)
        .entries();
  }

  /** Whether the token {@code id} is revoked. Lock-free; allocates nothing. */
  public boolean isRevoked(String id) {
    return ids.contains(id);
  }

  /** How many tokens are revoked. */
  public int size() {
    return ids.size();
  }

  /**
   * Reads the list again if its file changed since the last read. Returns whether it did.
   * Problems are logged, never thrown: the list read last stays in force.
   */
  public synchronized boolean refresh() {
    if (file == null) {
      return false;
    }
    try {
      Stamp now = stamp(file);
      if (Objects.equals(now, stamp)) {
        return false;
      }
      RevocationFile.Contents contents = RevocationFile.read(file, max);
      if (contents.overLimit()) {
        LOG.severe(() -> "event=revocations_over_limit file=" + file.toAbsolutePath() + " limit="
            + max + " action=\"" + (contents.entries().isEmpty() ? "keeping the list read before"
                : "keeping the first " + max + " ids") + "; raise --max-revoked-tokens, or retire"
            + " the signing keys that signed the tokens and remove the list\"");
        if (contents.entries().isEmpty()) {
          stamp = now;
          return false;
        }
      }
      take(contents, now);
      LOG.info(() -> "event=revocations_reloaded file=" + file.toAbsolutePath() + " revoked="
          + ids.size());
      return true;
    } catch (IOException e) {
      LOG.warning(() -> "event=revocations_unreadable file=" + file.toAbsolutePath() + " reason=\""
          + e + "\" action=\"keeping the list read before\"");
      return false;
    }
  }

  private void take(RevocationFile.Contents contents, Stamp read) {
    Set<String> fresh = new HashSet<>();
    contents.entries().forEach(entry -> fresh.add(entry.tokenId()));
    ids = Set.copyOf(fresh);
    stamp = read;
  }

  /** The file's stamp; null when it does not exist. */
  private static Stamp stamp(Path file) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
