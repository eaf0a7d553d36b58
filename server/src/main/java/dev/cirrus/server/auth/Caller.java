package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.SafeText;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Who made the current call, whatever door it came through: the token's account, permissions,
 * cache scope, expiry and id, and the client's id. Made by {@link Authenticator}.
 *
 * <p>The client chooses its id, and clients skip change events that carry their own, so an id
 * taken alone could be borrowed to hide one's writes from another client's listeners. The id a
 * change is recorded with is therefore bound to the token ({@link #writerId()}), and each
 * subscriber sees it as {@link #writerIdAsSeen} says: the id as sent for changes made with its own
 * token, the bound form for any other token's.
 */
public final class Caller {
  /** Between the token id and the client id in a {@link #writerId()}; token ids never contain it. */
  private static final char WRITER_SEPARATOR = '/';

  private final String account;
  private final Set<Permission> permissions;
  private final CacheScope caches;
  private final String clientId;
  private final Instant expiresAt;
  private final String tokenId;
  /** {@code tokenId/clientId}, made once: the data path passes it on every request. */
  private final String writerId;

  /**
   * @param clientId the id the client sent ("" when none)
   * @param tokenId the token's id ({@link TokenVerifier.Grant#tokenId()})
   */
  public Caller(String account, Set<Permission> permissions, CacheScope caches, String clientId,
      Instant expiresAt, String tokenId) {
    this.account = requireNonNull(account, "account");
    this.permissions = Set.copyOf(permissions);
    this.caches = requireNonNull(caches, "caches");
    this.clientId = requireNonNull(clientId, "clientId");
    this.expiresAt = requireNonNull(expiresAt, "expiresAt");
    this.tokenId = requireNonNull(tokenId, "tokenId");
    this.writerId = tokenId + WRITER_SEPARATOR + clientId;
  }

  public String account() {
    return account;
  }

  public Set<Permission> permissions() {
    return permissions;
  }

  public CacheScope caches() {
    return caches;
  }

  /** The id the client sent, as it sent it ("" when none). */
  public String clientId() {
    return clientId;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** The id of the caller's token: what a revocation names. */
  public String tokenId() {
    return tokenId;
  }

  /**
   * The id this caller's changes are recorded with: the token id, '/', the client id. Two tokens
   * never produce the same one (token ids have no '/'), whatever client ids their holders send.
   */
  public String writerId() {
    return writerId;
  }

  /**
   * How the writer of a change ({@code writerId}, as recorded) is shown to this caller when it
   * subscribes: a change made with this caller's own token shows the client id that was sent, so
   * a client recognises its own writes; any other token's change shows the bound id, which a
   * client never sends as its own (it would have to start with that other token's id). A change
   * the server made on its own (expiry) has an empty writer and stays empty.
   */
  public String writerIdAsSeen(String writerId) {
    int ownPrefix = tokenId.length() + 1;
    return writerId.length() >= ownPrefix && writerId.charAt(tokenId.length()) == WRITER_SEPARATOR
        && writerId.startsWith(tokenId) ? writerId.substring(ownPrefix) : writerId;
  }

  /**
   * Refuses a call on {@code cache} when the token is limited to other caches. Every call that
   * names a cache passes here before the store sees it.
   */
  public void requireCache(String cache) {
    if (!caches.allows(cache)) {
      String shown = SafeText.excerpt(cache);
      throw CirrusException.permissionDenied(
          "the token for account '" + account + "' is limited to the caches " + caches.describe()
              + " and does not cover cache '" + shown + "'; use one of those caches, or issue a"
              + " token whose --caches include '" + shown + "' (or without --caches for every"
              + " cache)",
          Map.of("account", account, "cache", shown));
    }
  }

  /**
   * Refuses a call of {@code method} that would move an entry's expiry (an access TTL on a read, a
   * touch) when the token lacks WRITE: setting when an entry goes is a write, whatever method
   * carries it, so a read-only token can neither expire nor pin entries. A read that leaves the
   * expiry alone needs only READ.
   */
  public void requireExpiryChange(String method) {
    if (!permissions.contains(Permission.WRITE)) {
      String name = Permission.WRITE.claimName();
      throw CirrusException.permissionDenied(
          "the token for account '" + account + "' lacks the " + Permission.WRITE
              + " permission that " + method + " needs to change an entry's expiry (its TTL);"
              + " issue a token with --permissions read," + name + ", or call it without a TTL"
              + " (a JCache expiry policy whose access duration is null leaves expiry alone)",
          Map.of("account", account, "permission", name, "method", method));
    }
  }

  @Override
  public String toString() {
    return "Caller[account=" + account + ", token=" + tokenId + ", client=" + clientId + "]";
  }
}
