package dev.cirrus.server.auth;

import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.ListCachesRequest;
import dev.cirrus.server.testing.CacheCalls;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.jsonwebtoken.Jwts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens limited to some caches ({@code token --caches}): every other cache is refused. */
class CacheScopeTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private static String scopedToken(String... caches) {
    return server.server().tokens().issue(ACCOUNT, Duration.ofDays(1),
        EnumSet.allOf(Permission.class), CacheScope.of(List.of(caches)));
  }

  private static CacheCalls.Stubs stubs(String token) {
    return new CacheCalls.Stubs(server.control(token), server.data(token, CLIENT_ID));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.cirrus.server.testing.CacheCalls#all")
  void scopedToken_onAnotherCache_permissionDenied_namingTheCacheAndTheLimit(
      String method, CacheCalls.Call call) {
    String allowed = server.newCache();
    String other = server.newCache();
    put(server.data(), other, "k", "v");

    ErrorDetail detail = assertRefused(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED,
        () -> call.on(stubs(scopedToken(allowed)), other));

    assertTrue(detail.getMessage().contains("is limited to the caches '" + allowed + "'"),
        detail.getMessage());
    assertTrue(detail.getMessage().contains("does not cover cache '" + other + "'"),
        detail.getMessage());
    assertEquals(other, detail.getFactsMap().get("cache"));
    assertEquals(bytes("v"), get(server.data(), other, "k").getValue(), "the other cache is untouched");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.cirrus.server.testing.CacheCalls#all")
  void scopedToken_onItsOwnCache_isServed(String method, CacheCalls.Call call) throws Exception {
    String allowed = server.newCache();
    call.on(stubs(scopedToken(allowed, "another")), allowed);
  }

  @Test
  void listCaches_showsOnlyTheCachesTheTokenCovers() {
    String a = server.newCache();
    String b = server.newCache();
    server.newCache();
    var listed = stubs(scopedToken(a, b, "not-created-yet")).control()
        .listCaches(ListCachesRequest.getDefaultInstance()).getCachesList();
    assertEquals(new TreeSet<>(Set.of(a, b)),
        new TreeSet<>(listed.stream().map(c -> c.getName()).toList()));
  }

  @Test
  void scopeMayNameCachesThatDoNotExistYet_createThenUse() {
    String name = "scoped-" + java.util.UUID.randomUUID();
    CacheCalls.Stubs stubs = stubs(scopedToken(name));
    stubs.control().createCache(CreateCacheRequest.newBuilder().setName(name).build());
    put(stubs.data(), name, "k", "v");
    assertEquals(bytes("v"), get(stubs.data(), name, "k").getValue());
  }

  @Test
  void scopeIsExact_noPrefixOrCaseMatching() {
    String allowed = server.newCache();
    String token = scopedToken(allowed);
    assertRefused(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED,
        () -> get(stubs(token).data(), allowed.toUpperCase(java.util.Locale.ROOT), "k"));
    assertRefused(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED,
        () -> get(stubs(token).data(), allowed + "x", "k"));
  }

  @Test
  void readOnlyScopedToken_stillNeedsWriteToWrite() {
    String allowed = server.newCache();
    String token = server.server().tokens().issue(ACCOUNT, Duration.ofDays(1),
        Set.of(Permission.READ), CacheScope.of(List.of(allowed)));
    assertRefused(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED,
        () -> put(stubs(token).data(), allowed, "k", "v"));
    get(stubs(token).data(), allowed, "k");
  }

  @Test
  void malformedCachesClaim_tokenInvalid() throws Exception {
    SigningKey key = SigningKeys.loadOrCreate(server.dataDir()).current();
    long now = server.clock().millis();
    for (Object claim : List.of("orders", List.of(), List.of(42))) {
      String token = Jwts.builder().header().keyId(key.id()).and().subject(ACCOUNT).issuer("cirrus")
          .expiration(new Date(now + 3_600_000)).claim("perm", List.of("read"))
          .claim("caches", claim).signWith(key.secret(), Jwts.SIG.HS256).compact();
      ErrorDetail detail = assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_INVALID,
          () -> get(stubs(token).data(), "orders", "k"));
      assertTrue(detail.getMessage().contains("'caches'"), detail.getMessage());
    }
  }

  @Test
  void emptyScope_cannotBeIssued() {
    assertThrows(IllegalArgumentException.class, () -> CacheScope.of(List.of()));
  }

  @Test
  void longCacheNames_areCutInTheMessage() {
    String huge = "n".repeat(100_000);
    ErrorDetail detail = assertRefused(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED,
        () -> get(stubs(scopedToken(server.newCache())).data(), huge, "k"));
    assertTrue(detail.getMessage().length() < 1_000, "message of " + detail.getMessage().length());
  }

  @Test
  void everyCallThatNamesACache_isCovered() {
    List<String> methods = new ArrayList<>();
    for (var service : List.of(ControlPlaneGrpc.getServiceDescriptor(), DataPlaneGrpc.getServiceDescriptor())) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        methods.add(method.getBareMethodName());
      }
    }
    List<String> covered = new ArrayList<>(CacheCalls.names());
    // The two calls that name no cache: DescribeServer, and ListCaches (filtered, tested above).
    covered.add("DescribeServer");
    covered.add("ListCaches");
    assertEquals(new TreeSet<>(methods), new TreeSet<>(covered));
  }
}
