package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.server.error.CirrusException;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.security.SecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * Verifies tokens: signature with this server's key, issuer {@value TokenIssuer#ISSUER}, an expiry
 * that has not passed (against the injected clock), an account and a permission list. Refusals are
 * UNAUTHENTICATED with TOKEN_INVALID or TOKEN_EXPIRED and never echo the token.
 *
 * <p>Verified tokens are remembered (bounded, by token string) so the data path pays for HMAC and
 * JSON parsing once per token, not once per call; the expiry is still checked on every call.
 */
public final class TokenVerifier {
  /** What a valid token grants. */
  public record Grant(String account, Set<Permission> permissions, Instant expiresAt) {}

  static final String HOW_TO_ISSUE = "`java -jar cirrus-server.jar token --account NAME`";

  private final JwtParser parser;
  private final Clock clock;
  private final Cache<String, Grant> verified =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  public TokenVerifier(SecretKey key, Clock clock) {
    requireNonNull(key, "key");
    this.clock = requireNonNull(clock, "clock");
    this.parser =
        Jwts.parser()
            .verifyWith(key)
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
    if (!clock.instant().isBefore(grant.expiresAt())) {
      throw expired(grant.expiresAt());
    }
    return grant;
  }

  private Grant parse(String token) {
    Claims claims;
    try {
      claims = parser.parseSignedClaims(token).getPayload();
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
    return new Grant(account, permissions(claims), claims.getExpiration().toInstant());
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

  private static CirrusException expired(Instant at) {
    return CirrusException.unauthenticated(
        ErrorReason.TOKEN_EXPIRED,
        "token expired at " + at + "; issue a new one with " + HOW_TO_ISSUE);
  }

  private static CirrusException invalid(String why) {
    return CirrusException.unauthenticated(
        ErrorReason.TOKEN_INVALID,
        "token rejected: " + why + "; issue a token with this server's key: " + HOW_TO_ISSUE
            + " --data-dir <the server's data dir>");
  }
}
