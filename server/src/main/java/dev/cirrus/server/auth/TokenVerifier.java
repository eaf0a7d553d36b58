package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import dev.cirrus.server.error.SafeText;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.SecurityException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies tokens: the signing key named by the {@code kid} header (a token without one is checked
 * against key {@code k0}, the single key of earlier versions), its signature, issuer {@value
 * TokenIssuer#ISSUER}, an expiry that has not passed (against the injected clock), an account, a
 * permission list, when present a non-empty list of caches, and that its id is not {@link
 * Revocations revoked}. Refusals are UNAUTHENTICATED with TOKEN_INVALID or TOKEN_EXPIRED and never
 * echo the token.
 *
 * <p>Verified tokens are remembered (bounded, by token string) so the data path pays for HMAC and
 * JSON parsing once per token, not once per call; the expiry and the revocation list are still
 * checked on every call.
 */
public final class TokenVerifier {
  /**
   * What a valid token grants.
   *
   * @param tokenId the token's {@code jti}; for a token without one (no Cirrus server issues
   *     such tokens, but a hand-made one verifies), {@code sha256-} and a digest of the token
   */
  public record Grant(String account, Set<Permission> permissions, CacheScope caches,
      Instant expiresAt, String tokenId) {}

  static final String HOW_TO_ISSUE = "`java -jar cirrus-server.jar token --account NAME`";

  private static final int DERIVED_ID_BYTES = 12;

  private final SigningKeys keys;
  private final JwtParser parser;
  private final Clock clock;
  private final Revocations revocations;
  private final Cache<String, Grant> verified =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  /** A verifier for which no token is revoked. */
  public TokenVerifier(SigningKeys keys, Clock clock) {
    this(keys, clock, Revocations.NONE);
  }

  public TokenVerifier(SigningKeys keys, Clock clock, Revocations revocations) {
    this.keys = requireNonNull(keys, "keys");
    this.clock = requireNonNull(clock, "clock");
    this.revocations = requireNonNull(revocations, "revocations");
    this.parser =
        Jwts.parser()
            .keyLocator(this::keyFor)
            .requireIssuer(TokenIssuer.ISSUER)
            .clock(() -> new Date(clock.millis()))
            .build();
  }

  public Grant verify(String token) {
    Grant grant = verified.getIfPresent(token);
    if (grant == null) {
      grant = parse(token);
      verified.put(token, grant);
    }
    requireUsable(grant.tokenId(), grant.expiresAt());
    return grant;
  }

  /**
   * Refuses a token verified earlier that has since expired or been revoked: a connection
   * authenticated once, or an open stream, checks this as a call verifying its token would.
   */
  void requireUsable(String tokenId, Instant expiresAt) {
    requireUnexpired(expiresAt);
    if (revocations.isRevoked(tokenId)) {
      throw invalid("it was revoked (token id " + tokenId + "; `token revoked` lists the"
          + " revocations)");
    }
  }

  private void requireUnexpired(Instant expiresAt) {
    if (!clock.instant().isBefore(expiresAt)) {
      throw expired(expiresAt);
    }
  }

  private Key keyFor(Header header) {
    String kid = header instanceof ProtectedHeader protectedHeader ? protectedHeader.getKeyId() : null;
    String id = kid == null ? KeyFiles.LEGACY_ID : kid;
    Optional<SigningKey> key = keys.find(id);
    if (key.isPresent()) {
      return key.get().secret();
    }
    Optional<RetiredKey> retired = keys.retired(id);
    if (retired.isPresent()) {
      throw invalid("it was signed with key " + id + ", which was retired at "
          + retired.get().retiredAt());
    }
    if (kid == null) {
      throw invalid("it names no signing key (header 'kid') and this server has no key "
          + KeyFiles.LEGACY_ID + " to check it with");
    }
    throw invalid("it was signed with key '" + SafeText.excerpt(kid) + "', which this server did"
        + " not have when it started (restart the server after `keys rotate`, or the token is"
        + " from another server)");
  }

  private Grant parse(String token) {
    Claims claims;
    try {
      claims = parser.parseSignedClaims(token).getPayload();
    } catch (CirrusException e) {
      throw e;
    } catch (ExpiredJwtException e) {
      Date expiration = e.getClaims().getExpiration();
      throw expired(expiration == null ? clock.instant() : expiration.toInstant());
    } catch (SecurityException e) {
      throw invalid("its signature does not match this server's key (issued by another server or"
          + " altered)");
    } catch (IncorrectClaimException | MissingClaimException e) {
      throw invalid("it was not issued by a Cirrus server (issuer must be '" + TokenIssuer.ISSUER + "')");
    } catch (JwtException | IllegalArgumentException e) {
      throw invalid("it is not a well-formed signed JWT");
    }
    if (claims.getExpiration() == null) {
      throw invalid("it has no expiry, and Cirrus tokens always expire");
    }
    String account = claims.getSubject();
    if (account == null || account.isBlank()) {
      throw invalid("it names no account (claim 'sub')");
    }
    return new Grant(account, permissions(claims), caches(claims), claims.getExpiration().toInstant(),
        tokenId(claims, token));
  }

  private static String tokenId(Claims claims, String token) {
    String id = claims.getId();
    if (id == null) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256")
            .digest(token.getBytes(StandardCharsets.US_ASCII));
        return "sha256-" + HexFormat.of().formatHex(digest, 0, DERIVED_ID_BYTES);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
    if (!Revocations.isTokenId(id)) {
      throw invalid("its id (claim 'jti') is not 1 to 128 letters, digits, '.', '_' or '-'");
    }
    return id;
  }

  private static Set<Permission> permissions(Claims claims) {
    Object raw = claims.get(TokenIssuer.PERMISSIONS_CLAIM);
    if (!(raw instanceof List<?> names)) {
      throw invalid("it lists no permissions (claim '" + TokenIssuer.PERMISSIONS_CLAIM + "')");
    }
    EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
    for (Object name : names) {
      for (Permission p : Permission.values()) {
        if (p.claimName().equals(name)) {
          permissions.add(p);
        }
      }
    }
    return permissions;
  }

  private static CacheScope caches(Claims claims) {
    if (!claims.containsKey(TokenIssuer.CACHES_CLAIM)) {
      return CacheScope.ALL;
    }
    Object raw = claims.get(TokenIssuer.CACHES_CLAIM);
    String problem = "its claim '" + TokenIssuer.CACHES_CLAIM + "' is not a non-empty list of"
        + " cache names";
    if (!(raw instanceof List<?> names) || names.isEmpty()) {
      throw invalid(problem);
    }
    Set<String> caches = new LinkedHashSet<>();
    for (Object name : names) {
      if (!(name instanceof String text)) {
        throw invalid(problem);
      }
      caches.add(text);
    }
    return CacheScope.of(caches);
  }

  private static CirrusException expired(Instant at) {
    return CirrusException.unauthenticated(
        ErrorCause.TOKEN_EXPIRED,
        "token expired at " + at + "; issue a new one with " + HOW_TO_ISSUE);
  }

  private static CirrusException invalid(String why) {
    return CirrusException.unauthenticated(
        ErrorCause.TOKEN_INVALID,
        "token rejected: " + why + "; issue a token with this server's key: " + HOW_TO_ISSUE
            + " --data-dir <the server's data dir>");
  }
}
