package dev.cirrus.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.SecretKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tokens name the server's address in the claims Momento's SDKs read their endpoints from
 * ({@code c}: cache, {@code cp}: control), as {@code host:port}, so the token alone configures a
 * Momento SDK.
 */
class MomentoEndpointClaimsTest {
  private static final SecretKey SECRET = Keys.hmacShaKeyFor(new byte[32]);

  @ParameterizedTest
  @CsvSource({
      "cirrus://127.0.0.1:7070, 127.0.0.1:7070",
      "cirrus+tls://cache.example.com:443, cache.example.com:443",
      "'cirrus://h1:7070,h2:7070', h1:7070"})
  void issuedToken_carriesTheFirstAddress_asMomentosEndpointClaims(String endpoint, String address) {
    String token = new TokenIssuer(new SigningKey("k1", Instant.EPOCH, SECRET), endpoint,
        Clock.systemUTC()).issue("acme", Duration.ofMinutes(5));

    var claims = Jwts.parser().verifyWith(SECRET).build().parseSignedClaims(token).getPayload();

    assertEquals(address, claims.get(TokenIssuer.MOMENTO_CACHE_ENDPOINT_CLAIM, String.class));
    assertEquals(address, claims.get(TokenIssuer.MOMENTO_CONTROL_ENDPOINT_CLAIM, String.class));
  }
}
