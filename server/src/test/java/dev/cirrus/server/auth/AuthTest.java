package dev.cirrus.server.auth;

import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.DescribeServerRequest;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private DataPlaneGrpc.DataPlaneBlockingStub dataWith(String token) {
    return server.data(token, "auth-test");
  }

  private static GetRequest anyGet() {
    return GetRequest.newBuilder().setCache("c").setKey(bytes("k")).build();
  }

  @Test
  void noToken_unauthenticated_tokenMissing_sayingHowToGetOne() {
    ErrorDetail detail = assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_MISSING,
        () -> dataWith(null).get(anyGet()));
    assertTrue(detail.getMessage().contains("token --account"), detail.getMessage());
  }

  @Test
  void forgedToken_signedWithAnotherKey_tokenInvalid() {
    String forged = new TokenIssuer(new SigningKey("k1", Instant.EPOCH, Keys.hmacShaKeyFor(new byte[32])),
        "cirrus://x:1", Clock.systemUTC())
        .issue(ACCOUNT, Duration.ofHours(1));
    ErrorDetail detail = assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_INVALID,
        () -> dataWith(forged).get(anyGet()));
    assertTrue(detail.getMessage().contains("signature"), detail.getMessage());
    assertFalse(detail.getMessage().contains(forged), "the token must never be echoed");
  }

  @Test
  void garbageToken_tokenInvalid() {
    assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_INVALID,
        () -> dataWith("not-a-jwt").get(anyGet()));
  }

  @Test
  void wrongIssuer_tokenInvalid() throws Exception {
    var key = SigningKeys.loadOrCreate(server.dataDir()).current();
    long now = server.clock().millis();
    String token = Jwts.builder().header().keyId(key.id()).and().subject(ACCOUNT).issuer("someone-else")
        .expiration(new Date(now + 3_600_000)).claim("perm", List.of("read"))
        .signWith(key.secret(), Jwts.SIG.HS256).compact();
    ErrorDetail detail = assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_INVALID,
        () -> dataWith(token).get(anyGet()));
    assertTrue(detail.getMessage().contains("issuer"), detail.getMessage());
  }

  @Test
  void tokenWithoutExpiry_tokenInvalid() throws Exception {
    var key = SigningKeys.loadOrCreate(server.dataDir()).current();
    String token = Jwts.builder().header().keyId(key.id()).and().subject(ACCOUNT).issuer("cirrus")
        .claim("perm", List.of("read"))
        .signWith(key.secret(), Jwts.SIG.HS256).compact();
    assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_INVALID,
        () -> dataWith(token).get(anyGet()));
  }

  @Test
  void expiredToken_tokenExpired_sayingWhenAndWhatToDo() {
    String token = server.server().tokens().issue(ACCOUNT, Duration.ofMinutes(1));
    String cache = server.newCache();
    put(dataWith(token), cache, "k", "v"); // valid now (and now cached as verified)
    server.clock().advance(Duration.ofMinutes(2));

    ErrorDetail detail = assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_EXPIRED,
        () -> dataWith(token).get(anyGet()));
    assertTrue(detail.getMessage().startsWith("token expired at "), detail.getMessage());
    assertTrue(detail.getMessage().contains("issue a new one"), detail.getMessage());
    assertFalse(detail.getMessage().contains(token));
  }

  @Test
  void readOnlyToken_canRead_cannotWriteOrCreate() {
    String cache = server.newCache();
    String readOnly = server.token(ACCOUNT, Permission.READ);
    assertFalse(get(dataWith(readOnly), cache, "k").getFound());

    ErrorDetail write = assertRefused(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED,
        () -> put(dataWith(readOnly), cache, "k", "v"));
    assertTrue(write.getMessage().contains("WRITE"), write.getMessage());
    assertRefused(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED,
        () -> server.control(readOnly).createCache(CreateCacheRequest.newBuilder().setName("x").build()));
    assertFalse(get(server.data(), cache, "k").getFound(), "the refused write changed nothing");
  }

  @Test
  void writeToken_withoutControl_cannotCreateCaches() {
    String token = server.token(ACCOUNT, Permission.READ, Permission.WRITE);
    assertRefused(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED, () ->
        server.control(token).createCache(CreateCacheRequest.newBuilder().setName("y").build()));
  }

  @Test
  void describeServer_namesTheTokensAccount() {
    assertEquals("globex", server.control(server.token("globex", Permission.READ))
        .describeServer(DescribeServerRequest.getDefaultInstance()).getAccount());
  }

  @Test
  void accounts_sameCacheName_areSeparateCaches() {
    String acme = server.token("acme-iso");
    String globex = server.token("globex-iso");
    CreateCacheRequest create = CreateCacheRequest.newBuilder().setName("orders").build();
    server.control(acme).createCache(create);
    assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND,
        () -> get(dataWith(globex), "orders", "k"));
    server.control(globex).createCache(create);

    put(dataWith(acme), "orders", "k", "acme's");
    assertFalse(get(dataWith(globex), "orders", "k").getFound());
    put(dataWith(globex), "orders", "k", "globex's");
    assertEquals(bytes("acme's"), get(dataWith(acme), "orders", "k").getValue());
    assertEquals(1, server.control(acme).listCaches(
        dev.cirrus.proto.v1.ListCachesRequest.getDefaultInstance()).getCachesCount());
  }

  @Test
  void accounts_cannotScanSubscribeDescribeOrDeleteAnothersCache() {
    String owner = server.token("owner-iso");
    String stranger = server.token("stranger-iso");
    server.control(owner).createCache(CreateCacheRequest.newBuilder().setName("private").build());
    put(dataWith(owner), "private", "k", "v");

    assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND, () -> dataWith(stranger)
        .scan(dev.cirrus.proto.v1.ScanRequest.newBuilder().setCache("private").build()));
    assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND, () -> dataWith(stranger)
        .subscribe(dev.cirrus.proto.v1.SubscribeRequest.newBuilder().setCache("private").build())
        .next());
    assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND, () -> server.control(stranger)
        .describeCache(dev.cirrus.proto.v1.DescribeCacheRequest.newBuilder().setName("private").build()));
    assertFalse(server.control(stranger).deleteCache(
        dev.cirrus.proto.v1.DeleteCacheRequest.newBuilder().setName("private").build()).getDeleted());
    assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND, () -> server.control(stranger)
        .flushCache(dev.cirrus.proto.v1.FlushCacheRequest.newBuilder().setName("private").build()));
    assertEquals(bytes("v"), get(dataWith(owner), "private", "k").getValue());
  }

  @Test
  void health_servingWithoutToken() {
    HealthCheckResponse response = HealthGrpc.newBlockingStub(server.channel())
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("").build());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, response.getStatus());
  }

  @Test
  void malformedAuthorizationHeader_tokenInvalid() {
    var stub = ControlPlaneGrpc.newBlockingStub(server.channel())
        .withCallCredentials(new io.grpc.CallCredentials() {
          @Override
          public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor e,
              MetadataApplier applier) {
            io.grpc.Metadata headers = new io.grpc.Metadata();
            headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                "Basic dXNlcjpwYXNz");
            applier.apply(headers);
          }
        });
    assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_INVALID,
        () -> stub.describeServer(DescribeServerRequest.getDefaultInstance()));
  }

  @Test
  void issuedToken_carriesEndpointAndPermissions() throws Exception {
    String token = server.server().tokens().issue("acme", Duration.ofHours(1), Set.of(Permission.READ));
    var claims = Jwts.parser().verifyWith(SigningKeys.loadOrCreate(server.dataDir()).current().secret())
        .clock(() -> new Date(server.clock().millis())).build()
        .parseSignedClaims(token).getPayload();
    assertEquals("acme", claims.getSubject());
    assertEquals("cirrus", claims.getIssuer());
    assertEquals(server.server().endpoint(), claims.get("cirrus_endpoint"));
    assertEquals(List.of("read"), claims.get("perm"));
    assertTrue(claims.getExpiration() != null);
    assertTrue(server.server().endpoint().matches("cirrus://127\\.0\\.0\\.1:\\d+"));
  }

  @Test
  void clientId_copiedIntoEvents_isCheckedForLength() {
    var stub = server.data(server.token(ACCOUNT), "x".repeat(300));
    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST,
        () -> stub.get(anyGet()));
  }

  @Test
  void bearerToken_helperSendsHeader() {
    // Guards the fixture itself: a stub built with a valid token must authenticate.
    var stub = DataPlaneGrpc.newBlockingStub(server.channel())
        .withCallCredentials(new BearerToken(server.token(ACCOUNT), "c"));
    assertRefused(Status.Code.NOT_FOUND, ErrorReason.CACHE_NOT_FOUND, () -> stub.get(anyGet()));
  }
}
