package dev.cirrus.server.auth;

import static dev.cirrus.server.testing.CirrusServerExtension.ACCOUNT;
import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.eternal;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.set;
import static dev.cirrus.server.testing.Requests.ttl;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.DataPlaneGrpc.DataPlaneBlockingStub;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.Ttl;
import dev.cirrus.proto.v1.TtlMode;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * Moving an entry's expiry is a write: a read-only token may read, but not with an access TTL
 * (zero included) and not touch, so it can neither expire nor pin entries.
 */
class ExpiryPermissionTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private final String cache = server.newCache();
  private final DataPlaneBlockingStub readOnly =
      server.data(server.token(ACCOUNT, Permission.READ), CLIENT_ID);

  private static void assertNeedsWrite(String method, Executable call) {
    ErrorDetail detail = assertRefused(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED, call);
    assertEquals("write", detail.getFactsOrThrow("permission"));
    assertTrue(detail.getFactsOrThrow("method").endsWith("/" + method), detail.toString());
    assertTrue(detail.getMessage().contains("--permissions read,write"), detail.getMessage());
    assertTrue(detail.getMessage().contains("without a TTL"), detail.getMessage());
  }

  @Test
  void readOnlyToken_getWithAccessTtl_refused_andTheEntryKeepsItsExpiry() {
    set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofMinutes(10))));

    assertNeedsWrite("Get", () -> get(readOnly, cache, "k", ttl(Duration.ZERO)));
    assertNeedsWrite("Get", () -> get(readOnly, cache, "k", ttl(Duration.ofDays(300))));
    assertNeedsWrite("Get", () -> get(readOnly, cache, "k", eternal()));

    assertTrue(get(server.data(), cache, "k").getFound(), "a zero access TTL was applied");
    long remaining = get(server.data(), cache, "k").getExpiresInMillis();
    assertTrue(remaining > 0 && remaining <= Duration.ofMinutes(10).toMillis(),
        "the expiry moved: " + remaining);
  }

  @Test
  void readOnlyToken_getBatchTouchAndScanWithTtl_refused() {
    put(server.data(), cache, "k", "v");
    assertNeedsWrite("GetBatch", () -> readOnly.getBatch(GetBatchRequest.newBuilder()
        .setCache(cache).addKeys(bytes("k")).setAccessTtl(ttl(Duration.ZERO)).build()));
    assertNeedsWrite("Touch", () -> readOnly.touch(TouchRequest.newBuilder()
        .setCache(cache).setKey(bytes("k")).setTtl(ttl(Duration.ZERO)).build()));
    assertNeedsWrite("Scan", () -> readOnly.scan(ScanRequest.newBuilder()
        .setCache(cache).setAccessTtl(ttl(Duration.ZERO)).build()));
    assertTrue(get(server.data(), cache, "k").getFound());
  }

  @Test
  void readOnlyToken_readsThatLeaveTheExpiryAlone_areServed() {
    put(server.data(), cache, "k", "v");
    Ttl unchanged = Ttl.newBuilder().setMode(TtlMode.TTL_MODE_UNCHANGED).build();

    assertTrue(get(readOnly, cache, "k").getFound());
    assertTrue(get(readOnly, cache, "k", unchanged).getFound());
    assertEquals(1, readOnly.getBatch(GetBatchRequest.newBuilder().setCache(cache)
        .addKeys(bytes("k")).build()).getResultsCount());
    assertEquals(1, readOnly.scan(ScanRequest.newBuilder().setCache(cache).build()).getEntriesCount());
  }

  @Test
  void readWriteToken_getWithAccessTtl_changesTheExpiry() {
    put(server.data(), cache, "k", "v");
    DataPlaneBlockingStub readWrite =
        server.data(server.token(ACCOUNT, Permission.READ, Permission.WRITE), CLIENT_ID);
    assertTrue(get(readWrite, cache, "k", ttl(Duration.ZERO)).getFound());
    assertTrue(get(server.data(), cache, "k").hasExpired());
  }
}
