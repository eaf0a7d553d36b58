package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Issues tokens signed with one {@link SigningKey}, whose id goes into the JWT header ({@code
 * kid}). A token names the account ({@code sub}), the issuer ({@code iss} = {@value #ISSUER}), the
 * endpoint it was issued for ({@code cirrus_endpoint}), the permissions ({@code perm}), optionally
 * the only caches it may touch ({@code caches}), always an expiry ({@code exp}) and always an id
 * ({@code jti}, a random UUID): what {@link Revocations} revoke it by. It also names the gRPC
 * address ({@code host:port}) in the claims Momento's SDKs read their endpoints from ({@code c}
 * for the cache endpoint, {@code cp} for the control endpoint), so the token alone configures a
 * Momento SDK ({@code CredentialProvider.fromString(token)}).
 */
public final class TokenIssuer {
  public static final String ISSUER = "cirrus";
  public static final String ENDPOINT_CLAIM = "cirrus_endpoint";
  public static final String PERMISSIONS_CLAIM = "perm";
  public static final String CACHES_CLAIM = "caches";
  public static final String MOMENTO_CACHE_ENDPOINT_CLAIM = "c";
  public static final String MOMENTO_CONTROL_ENDPOINT_CLAIM = "cp";

  /** An issued token with its id and expiry, as the command line reports them. */
  public record Issued(String token, String id, Instant expiresAt) {}

  private final SigningKey key;
  private final String endpoint;
  private final Clock clock;

  public TokenIssuer(SigningKey key, String endpoint, Clock clock) {
    this.key = requireNonNull(key, "key");
    this.endpoint = requireNonNull(endpoint, "endpoint");
    this.clock = requireNonNull(clock, "clock");
  }

  /** A token with {@link Permission#accountDefaults()}, for every cache of the account. */
  public String issue(String account, Duration ttl) {
    return issue(account, ttl, Permission.accountDefaults());
  }

  /** A token with {@code permissions}, for every cache of the account. */
  public String issue(String account, Duration ttl, Set<Permission> permissions) {
    return issue(account, ttl, permissions, CacheScope.ALL);
  }

  /** A token with {@code permissions} that may touch only the caches {@code caches} allows. */
  public String issue(String account, Duration ttl, Set<Permission> permissions, CacheScope caches) {
    return issueWithId(account, ttl, permissions, caches).token();
  }

  /** {@link #issue(String, Duration, Set, CacheScope)}, with the token's id and expiry. */
  public Issued issueWithId(String account, Duration ttl, Set<Permission> permissions,
      CacheScope caches) {
    requireNonNull(account, "account");
    requireNonNull(ttl, "ttl");
    requireNonNull(permissions, "permissions");
    requireNonNull(caches, "caches");
    if (account.isBlank()) {
      throw new IllegalArgumentException("account must not be blank");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
    long now = clock.millis();
    long expiresAt = Math.addExact(now, ttl.toMillis());
    String id = UUID.randomUUID().toString();
    EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
    granted.addAll(permissions);
    List<String> perms = granted.stream().map(Permission::claimName).toList();
    var token = Jwts.builder()
        .header().keyId(key.id()).and()
        .subject(account)
        .issuer(ISSUER)
        .id(id)
        .issuedAt(new Date(now))
        .expiration(new Date(expiresAt))
        .claim(ENDPOINT_CLAIM, endpoint)
        .claim(MOMENTO_CACHE_ENDPOINT_CLAIM, hostAndPort(endpoint))
        .claim(MOMENTO_CONTROL_ENDPOINT_CLAIM, hostAndPort(endpoint))
        .claim(PERMISSIONS_CLAIM, perms);
    if (!caches.isAll()) {
      token.claim(CACHES_CLAIM, List.copyOf(caches.names()));
    }
    return new Issued(token.signWith(key.secret(), Jwts.SIG.HS256).compact(), id,
        Instant.ofEpochMilli(expiresAt));
  }

  /**
   * The first address of {@code endpoint} as {@code host:port}, as a Momento SDK dials it:
   * {@code cirrus://h1:7070,h2:7070} gives {@code h1:7070}.
   */
  static String hostAndPort(String endpoint) {
    int scheme = endpoint.indexOf("://");
    String addresses = scheme < 0 ? endpoint : endpoint.substring(scheme + 3);
    int comma = addresses.indexOf(',');
    String first = comma < 0 ? addresses : addresses.substring(0, comma);
    int slash = first.indexOf('/');
    return slash < 0 ? first : first.substring(0, slash);
  }

  /** The endpoint written into issued tokens, e.g. {@code cirrus://127.0.0.1:7070}. */
  public String endpoint() {
    return endpoint;
  }

  /** The id of the key that signs, as carried in the tokens' {@code kid} header. */
  public String keyId() {
    return key.id();
  }
}
