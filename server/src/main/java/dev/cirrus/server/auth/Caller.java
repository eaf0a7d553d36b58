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
 */
public final class Caller {
  private final String account;
  private final Set<Permission> permissions;
  private final CacheScope caches;
  private final String clientId;
  private final Instant expiresAt;
  private final String tokenId;

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
