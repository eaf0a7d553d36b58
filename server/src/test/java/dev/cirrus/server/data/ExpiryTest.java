package dev.cirrus.server.data;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.contains;
import static dev.cirrus.server.testing.Requests.eternal;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.set;
import static dev.cirrus.server.testing.Requests.ttl;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ChangeEvent;
import dev.cirrus.proto.v1.ChangeType;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.Ttl;
import dev.cirrus.proto.v1.TtlMode;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Expiry found by operations, driven by the server's manual clock (no background sweeps here). */
class ExpiryTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private final String cache = server.newCache();

  private boolean touch(String key, Ttl ttl, long expectedVersion) {
    return server.data().touch(TouchRequest.newBuilder().setCache(cache).setKey(bytes(key))
        .setTtl(ttl).setExpectedVersion(expectedVersion).build()).getTouched();
  }

  @Test
  void get_beforeTtl_found_atTtl_expiredReportedOnce_withEventFromCaller() {
    try (EventRecorder events = EventRecorder.subscribe(server.dataAsync(),
        SubscribeRequest.newBuilder().setCache(cache).setIncludeValues(true).build())) {
      long version = set(server.data(), cache,
          write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(10)))).getVersion();
      server.clock().advance(Duration.ofMillis(9_999));
      assertTrue(get(server.data(), cache, "k").getFound());
      server.clock().advance(Duration.ofMillis(1));

      ReadResult first = get(server.data(), cache, "k");
      ReadResult second = get(server.data(), cache, "k");

      assertFalse(first.getFound());
      assertTrue(first.hasExpired());
      assertEquals(bytes("v"), first.getExpired().getValue());
      assertEquals(version, first.getExpired().getVersion());
      assertFalse(second.hasExpired(), "expiry is reported once");
      assertEquals(ChangeType.CHANGE_TYPE_CREATED, events.nextChange().getType());
      ChangeEvent expired = events.nextChange();
      assertEquals(ChangeType.CHANGE_TYPE_EXPIRED, expired.getType());
      assertEquals(bytes("v"), expired.getOldValue());
      assertEquals(version, expired.getVersion());
      assertEquals(CirrusServerExtension.CLIENT_ID, expired.getWriterClientId());
    }
  }

  @Test
  void contains_onExpiredEntry_false_withoutSideEffects() {
    set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(1))));
    server.clock().advance(Duration.ofSeconds(1));

    assertFalse(contains(server.data(), cache, "k"));
    // Contains removed nothing: the next operation still finds and reports the expired entry.
    assertTrue(get(server.data(), cache, "k").hasExpired());
  }

  @Test
  void contains_live_trueWithVersion_andDoesNotResetTtl() {
    set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(2))));
    server.clock().advance(Duration.ofSeconds(1));
    assertTrue(contains(server.data(), cache, "k"));
    server.clock().advance(Duration.ofSeconds(1));
    assertFalse(contains(server.data(), cache, "k"));
  }

  @Test
  void get_accessTtl_extendsExpiryOnHit() {
    set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(2))));
    server.clock().advance(Duration.ofSeconds(1));
    get(server.data(), cache, "k", ttl(Duration.ofSeconds(10)));
    server.clock().advance(Duration.ofSeconds(5));
    assertTrue(get(server.data(), cache, "k").getFound());
  }

  @Test
  void get_accessTtlZero_returnsValue_thenEntryIsExpired() {
    put(server.data(), cache, "k", "v");
    ReadResult read = get(server.data(), cache, "k", ttl(Duration.ZERO));
    assertTrue(read.getFound());
    assertEquals(bytes("v"), read.getValue());
    assertFalse(contains(server.data(), cache, "k"));
    assertTrue(get(server.data(), cache, "k").hasExpired());
  }

  @Test
  void get_accessTtlUnchanged_leavesExpiry() {
    set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(2))));
    get(server.data(), cache, "k", Ttl.newBuilder().setMode(TtlMode.TTL_MODE_UNCHANGED).build());
    server.clock().advance(Duration.ofSeconds(2));
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void set_eternalUpdateTtl_removesExpiry() {
    set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(2))));
    set(server.data(), cache, write("k", "v2").setUpdateTtl(eternal()));
    server.clock().advance(Duration.ofDays(400));
    assertTrue(get(server.data(), cache, "k").getFound());
  }

  @Test
  void touch_live_changesExpiry_notVersion() {
    long version = set(server.data(), cache,
        write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(2)))).getVersion();
    assertTrue(touch("k", ttl(Duration.ofMinutes(1)), 0));
    server.clock().advance(Duration.ofSeconds(30));
    ReadResult read = get(server.data(), cache, "k");
    assertTrue(read.getFound());
    assertEquals(version, read.getVersion());
  }

  @Test
  void touch_expectedVersionMismatch_notTouched() {
    long version = set(server.data(), cache,
        write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(2)))).getVersion();
    assertFalse(touch("k", ttl(Duration.ofMinutes(1)), version + 1));
    server.clock().advance(Duration.ofSeconds(2));
    assertFalse(get(server.data(), cache, "k").getFound());
  }

  @Test
  void touch_absentOrExpired_notTouched() {
    assertFalse(touch("nope", ttl(Duration.ofMinutes(1)), 0));
    set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(1))));
    server.clock().advance(Duration.ofSeconds(1));
    assertFalse(touch("k", ttl(Duration.ofMinutes(1)), 0));
    assertFalse(get(server.data(), cache, "k").hasExpired(), "touch already removed it as expired");
  }

  @Test
  void touch_zeroTtl_expiresEntry() {
    put(server.data(), cache, "k", "v");
    assertTrue(touch("k", ttl(Duration.ZERO), 0));
    assertFalse(contains(server.data(), cache, "k"));
  }

  @Test
  void expiresInMillis_reportsRemainingTtl_zeroForEternal() {
    var written = set(server.data(), cache, write("k", "v").setCreateTtl(ttl(Duration.ofSeconds(10))));
    assertEquals(10_000, written.getExpiresInMillis());
    server.clock().advance(Duration.ofSeconds(4));
    assertEquals(6_000, get(server.data(), cache, "k").getExpiresInMillis());
    assertEquals(30_000, get(server.data(), cache, "k", ttl(Duration.ofSeconds(30))).getExpiresInMillis());

    assertEquals(0, put(server.data(), cache, "eternal", "v").getExpiresInMillis());
    assertEquals(0, get(server.data(), cache, "eternal").getExpiresInMillis());
    // Expiring right after this read is still "expires", never the 0 of "does not expire".
    assertEquals(1, get(server.data(), cache, "eternal", ttl(Duration.ZERO)).getExpiresInMillis());
  }
}
