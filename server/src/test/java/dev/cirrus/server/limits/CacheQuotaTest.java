package dev.cirrus.server.limits;

import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DeleteCacheRequest;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CacheQuotaTest {
  @RegisterExtension
  static final CirrusServerExtension server =
      CirrusServerExtension.withLimits(Limits.builder().maxCachesPerAccount(3).build());

  private static CreateCacheRequest create(String name) {
    return CreateCacheRequest.newBuilder().setName(name).build();
  }

  @Test
  void cachesOverQuota_resourceExhausted_tooManyCaches_otherAccountsUnaffected() {
    var control = server.control(server.token("quota"));
    control.createCache(create("c1"));
    control.createCache(create("c2"));
    control.createCache(create("c3"));

    ErrorDetail detail = assertRefused(Status.Code.RESOURCE_EXHAUSTED, ErrorReason.TOO_MANY_CACHES,
        () -> control.createCache(create("c4")));
    assertEquals("3", detail.getFactsMap().get("limit"));
    assertTrue(detail.getMessage().contains("--max-caches-per-account"), detail.getMessage());
    // if_absent on an existing cache is not a new cache.
    assertEquals(false, control.createCache(create("c1").toBuilder().setIfAbsent(true).build()).getCreated());
    server.control(server.token("other")).createCache(create("c4"));

    control.deleteCache(DeleteCacheRequest.newBuilder().setName("c3").build());
    control.createCache(create("c4"));
  }
}
