package dev.cirrus.server.limits;

import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.ListCachesRequest;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --account-rate-limit}: one account's flood is refused at its own rate while other
 * accounts are served. The server's clock is a manual one, so the rate is exact.
 */
class AccountRateLimitTest {
  private static final int RATE = 5;

  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.accountRateLimit(RATE));

  @Test
  void account_overItsRate_refusedNamingTheLimit_othersServed_refilledWithTime() {
    String flooder = server.token("flooder");
    String quiet = server.token("quiet");
    server.control(flooder).createCache(CreateCacheRequest.newBuilder().setName("c").build());
    server.clock().advance(Duration.ofSeconds(1));

    for (int i = 0; i < RATE; i++) {
      put(server.data(flooder, "f"), "c", "k", "v" + i);
    }
    ErrorDetail detail = assertRefused(Status.Code.RESOURCE_EXHAUSTED,
        ErrorReason.ERROR_REASON_UNSPECIFIED, () -> get(server.data(flooder, "f"), "c", "k"));
    assertEquals(Integer.toString(RATE), detail.getFactsMap().get("limit"));
    assertTrue(detail.getMessage().contains("--account-rate-limit"), detail.getMessage());
    assertTrue(detail.getMessage().contains("'flooder'"), detail.getMessage());
    // Every method counts, the control plane's too.
    assertRefused(Status.Code.RESOURCE_EXHAUSTED, ErrorReason.ERROR_REASON_UNSPECIFIED,
        () -> server.control(flooder).listCaches(ListCachesRequest.getDefaultInstance()));

    // Another account has a rate of its own.
    for (int i = 0; i < RATE; i++) {
      server.control(quiet).listCaches(ListCachesRequest.getDefaultInstance());
    }

    // A fifth of a second refills one request; a second refills them all, and no more.
    server.clock().advance(Duration.ofMillis(200));
    assertEquals("v4", get(server.data(flooder, "f"), "c", "k").getValue().toStringUtf8());
    assertRefused(Status.Code.RESOURCE_EXHAUSTED, ErrorReason.ERROR_REASON_UNSPECIFIED,
        () -> get(server.data(flooder, "f"), "c", "k"));
    server.clock().advance(Duration.ofSeconds(10));
    for (int i = 0; i < RATE; i++) {
      get(server.data(flooder, "f"), "c", "k");
    }
    assertRefused(Status.Code.RESOURCE_EXHAUSTED, ErrorReason.ERROR_REASON_UNSPECIFIED,
        () -> get(server.data(flooder, "f"), "c", "k"));
  }
}
