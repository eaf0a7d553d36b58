package dev.cirrus.server.momento;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.momento.proto.cache.ECacheResult;
import dev.cirrus.momento.proto.cache._DeleteRequest;
import dev.cirrus.momento.proto.cache._GetBatchRequest;
import dev.cirrus.momento.proto.cache._GetRequest;
import dev.cirrus.momento.proto.cache._GetResponse;
import dev.cirrus.momento.proto.cache._GetWithHashRequest;
import dev.cirrus.momento.proto.cache._IncrementRequest;
import dev.cirrus.momento.proto.cache._ItemGetTtlRequest;
import dev.cirrus.momento.proto.cache._ItemGetTypeRequest;
import dev.cirrus.momento.proto.cache._ItemGetTypeResponse;
import dev.cirrus.momento.proto.cache._KeysExistRequest;
import dev.cirrus.momento.proto.cache._SetBatchRequest;
import dev.cirrus.momento.proto.cache._SetIfHashRequest;
import dev.cirrus.momento.proto.cache._SetIfHashResponse;
import dev.cirrus.momento.proto.cache._SetIfNotExistsRequest;
import dev.cirrus.momento.proto.cache._SetIfNotExistsResponse;
import dev.cirrus.momento.proto.cache._SetIfRequest;
import dev.cirrus.momento.proto.cache._SetIfResponse;
import dev.cirrus.momento.proto.cache._SetRequest;
import dev.cirrus.momento.proto.cache._UpdateTtlRequest;
import dev.cirrus.momento.proto.cache._UpdateTtlResponse;
import dev.cirrus.momento.proto.cache.ScsGrpc;
import dev.cirrus.momento.proto.common.Absent;
import dev.cirrus.momento.proto.common.AbsentOrEqual;
import dev.cirrus.momento.proto.common.AbsentOrHashEqual;
import dev.cirrus.momento.proto.common.AbsentOrNotHashEqual;
import dev.cirrus.momento.proto.common.Equal;
import dev.cirrus.momento.proto.common.NotEqual;
import dev.cirrus.momento.proto.common.Present;
import dev.cirrus.momento.proto.common.PresentAndHashEqual;
import dev.cirrus.momento.proto.common.PresentAndNotEqual;
import dev.cirrus.momento.proto.common.PresentAndNotHashEqual;
import dev.cirrus.momento.proto.common.Unconditional;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.testing.CirrusServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Momento's scalar methods over a real server and a gRPC channel, called the way Momento's SDKs
 * call them (bare token, cache in the metadata); TTLs run on the server's manual clock.
 */
class MomentoScalarApiTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  private static final long MINUTE = 60_000;

  private ScsGrpc.ScsBlockingStub scs(String cache) {
    return new MomentoClient(server.channel(), server.defaultToken()).data(cache);
  }

  private static _SetRequest set(String key, String value, long ttl) {
    return _SetRequest.newBuilder().setCacheKey(bytes(key)).setCacheBody(bytes(value))
        .setTtlMilliseconds(ttl).build();
  }

  private static _GetRequest get(String key) {
    return _GetRequest.newBuilder().setCacheKey(bytes(key)).build();
  }

  @Test
  void set_thenGet_hitsWithTheBytes_andAbsentKeyMisses() {
    String cache = server.newCache();
    scs(cache).set(set("k", "v", MINUTE));

    _GetResponse hit = scs(cache).get(get("k"));
    _GetResponse miss = scs(cache).get(get("other"));

    assertEquals(ECacheResult.Hit, hit.getResult());
    assertEquals(bytes("v"), hit.getCacheBody());
    assertEquals(ECacheResult.Miss, miss.getResult());
  }

  @Test
  void entriesAreShared_withTheCirrusProtocol_bothWays() {
    String cache = server.newCache();
    scs(cache).set(set("from-momento", "m", MINUTE));
    server.data().set(SetRequest.newBuilder().setCache(cache)
        .setWrite(Write.newBuilder().setKey(bytes("from-v1")).setValue(bytes("c"))).build());

    assertEquals(bytes("m"), server.data().get(GetRequest.newBuilder().setCache(cache)
        .setKey(bytes("from-momento")).build()).getResult().getValue());
    assertEquals(bytes("c"), scs(cache).get(get("from-v1")).getCacheBody());
  }

  @Test
  void ttl_expiresTheEntry_andItemGetTtlTellsTheTimeLeft() {
    String cache = server.newCache();
    scs(cache).set(set("k", "v", 10_000));

    long left = scs(cache).itemGetTtl(_ItemGetTtlRequest.newBuilder().setCacheKey(bytes("k"))
        .build()).getFound().getRemainingTtlMillis();
    server.clock().advance(Duration.ofMillis(10_001));

    assertTrue(left > 0 && left <= 10_000, "time left " + left);
    assertEquals(ECacheResult.Miss, scs(cache).get(get("k")).getResult());
    assertTrue(scs(cache).itemGetTtl(_ItemGetTtlRequest.newBuilder().setCacheKey(bytes("k"))
        .build()).hasMissing());
  }

  @Test
  void batches_streamOneResponsePerItem_inOrder() {
    String cache = server.newCache();
    var setResponses = new ArrayList<>();
    scs(cache).setBatch(_SetBatchRequest.newBuilder()
        .addItems(set("a", "1", MINUTE)).addItems(set("b", "2", MINUTE)).build())
        .forEachRemaining(setResponses::add);
    List<_GetResponse> reads = new ArrayList<>();
    scs(cache).getBatch(_GetBatchRequest.newBuilder()
        .addItems(get("a")).addItems(get("nope")).addItems(get("b")).build())
        .forEachRemaining(reads::add);

    assertEquals(2, setResponses.size());
    assertEquals(List.of(ECacheResult.Hit, ECacheResult.Miss, ECacheResult.Hit),
        reads.stream().map(_GetResponse::getResult).toList());
    assertEquals(bytes("1"), reads.get(0).getCacheBody());
    assertEquals(bytes("2"), reads.get(2).getCacheBody());
  }

  @Test
  void setIf_appliesEachConditionToTheStoredValue() {
    String cache = server.newCache();
    // Each case: the stored value before (null: none), the condition, whether it stores.
    record Case(String before, UnaryOperator<_SetIfRequest.Builder> condition, boolean stores) {}
    List<Case> cases = List.of(
        new Case("x", b -> b.setPresent(Present.getDefaultInstance()), true),
        new Case(null, b -> b.setPresent(Present.getDefaultInstance()), false),
        new Case(null, b -> b.setAbsent(Absent.getDefaultInstance()), true),
        new Case("x", b -> b.setAbsent(Absent.getDefaultInstance()), false),
        new Case("x", b -> b.setEqual(Equal.newBuilder().setValueToCheck(bytes("x"))), true),
        new Case("y", b -> b.setEqual(Equal.newBuilder().setValueToCheck(bytes("x"))), false),
        new Case(null, b -> b.setEqual(Equal.newBuilder().setValueToCheck(bytes("x"))), false),
        new Case("y", b -> b.setNotEqual(NotEqual.newBuilder().setValueToCheck(bytes("x"))), true),
        new Case(null, b -> b.setNotEqual(NotEqual.newBuilder().setValueToCheck(bytes("x"))), true),
        new Case("x", b -> b.setNotEqual(NotEqual.newBuilder().setValueToCheck(bytes("x"))), false),
        new Case("y", b -> b.setPresentAndNotEqual(
            PresentAndNotEqual.newBuilder().setValueToCheck(bytes("x"))), true),
        new Case(null, b -> b.setPresentAndNotEqual(
            PresentAndNotEqual.newBuilder().setValueToCheck(bytes("x"))), false),
        new Case(null, b -> b.setAbsentOrEqual(
            AbsentOrEqual.newBuilder().setValueToCheck(bytes("x"))), true),
        new Case("x", b -> b.setAbsentOrEqual(
            AbsentOrEqual.newBuilder().setValueToCheck(bytes("x"))), true),
        new Case("y", b -> b.setAbsentOrEqual(
            AbsentOrEqual.newBuilder().setValueToCheck(bytes("x"))), false));
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      String key = "k" + i;
      if (c.before() != null) {
        scs(cache).set(set(key, c.before(), MINUTE));
      }
      _SetIfResponse response = scs(cache).setIf(c.condition().apply(_SetIfRequest.newBuilder()
          .setCacheKey(bytes(key)).setCacheBody(bytes("new")).setTtlMilliseconds(MINUTE)).build());

      _GetResponse after = scs(cache).get(get(key));
      assertEquals(c.stores(), response.hasStored(), "case " + i);
      String expected = c.stores() ? "new" : c.before();
      assertEquals(expected == null ? ByteString.EMPTY : bytes(expected), after.getCacheBody(),
          "case " + i);
    }
  }

  @Test
  void setIfNotExists_storesOnlyTheFirst() {
    String cache = server.newCache();
    _SetIfNotExistsResponse first = scs(cache).setIfNotExists(_SetIfNotExistsRequest.newBuilder()
        .setCacheKey(bytes("k")).setCacheBody(bytes("1")).setTtlMilliseconds(MINUTE).build());
    _SetIfNotExistsResponse second = scs(cache).setIfNotExists(_SetIfNotExistsRequest.newBuilder()
        .setCacheKey(bytes("k")).setCacheBody(bytes("2")).setTtlMilliseconds(MINUTE).build());

    assertTrue(first.hasStored());
    assertTrue(second.hasNotStored());
    assertEquals(bytes("1"), scs(cache).get(get("k")).getCacheBody());
  }

  @Test
  void getWithHash_thenSetIfHash_isACompareAndSet() {
    String cache = server.newCache();
    scs(cache).set(set("k", "v1", MINUTE));
    ByteString hash = scs(cache).getWithHash(_GetWithHashRequest.newBuilder()
        .setCacheKey(bytes("k")).build()).getFound().getHash();

    _SetIfHashResponse won = scs(cache).setIfHash(hashed("k", "v2")
        .setPresentAndHashEqual(PresentAndHashEqual.newBuilder().setHashToCheck(hash)).build());
    _SetIfHashResponse lost = scs(cache).setIfHash(hashed("k", "v3")
        .setPresentAndHashEqual(PresentAndHashEqual.newBuilder().setHashToCheck(hash)).build());

    assertTrue(won.hasStored());
    assertEquals(scs(cache).getWithHash(_GetWithHashRequest.newBuilder().setCacheKey(bytes("k"))
        .build()).getFound().getHash(), won.getStored().getNewHash());
    assertTrue(lost.hasNotStored());
    assertEquals(bytes("v2"), scs(cache).get(get("k")).getCacheBody());
    assertTrue(scs(cache).getWithHash(_GetWithHashRequest.newBuilder().setCacheKey(bytes("none"))
        .build()).hasMissing());
  }

  @Test
  void setIfHash_otherConditions() {
    String cache = server.newCache();
    ByteString wrong = bytes("0".repeat(64));
    assertTrue(scs(cache).setIfHash(hashed("a", "1").setAbsentOrHashEqual(
        AbsentOrHashEqual.newBuilder().setHashToCheck(wrong)).build()).hasStored());
    assertTrue(scs(cache).setIfHash(hashed("a", "2").setAbsentOrHashEqual(
        AbsentOrHashEqual.newBuilder().setHashToCheck(wrong)).build()).hasNotStored());
    assertTrue(scs(cache).setIfHash(hashed("a", "3").setPresentAndNotHashEqual(
        PresentAndNotHashEqual.newBuilder().setHashToCheck(wrong)).build()).hasStored());
    assertTrue(scs(cache).setIfHash(hashed("b", "1").setPresentAndNotHashEqual(
        PresentAndNotHashEqual.newBuilder().setHashToCheck(wrong)).build()).hasNotStored());
    assertTrue(scs(cache).setIfHash(hashed("b", "2").setAbsentOrNotHashEqual(
        AbsentOrNotHashEqual.newBuilder().setHashToCheck(wrong)).build()).hasStored());
    assertTrue(scs(cache).setIfHash(hashed("b", "3")
        .setUnconditional(Unconditional.getDefaultInstance()).build()).hasStored());
    assertEquals(bytes("3"), scs(cache).get(get("a")).getCacheBody());
    assertEquals(bytes("3"), scs(cache).get(get("b")).getCacheBody());
  }

  private static _SetIfHashRequest.Builder hashed(String key, String value) {
    return _SetIfHashRequest.newBuilder().setCacheKey(bytes(key)).setCacheBody(bytes(value))
        .setTtlMilliseconds(MINUTE);
  }

  @Test
  void increment_startsFromZero_addsToDecimalDigits() {
    String cache = server.newCache();
    long first = scs(cache).increment(inc("n", 5)).getValue();
    long second = scs(cache).increment(inc("n", -7)).getValue();
    scs(cache).set(set("m", "40", MINUTE));
    long third = scs(cache).increment(inc("m", 2)).getValue();

    assertEquals(5, first);
    assertEquals(-2, second);
    assertEquals(bytes("-2"), scs(cache).get(get("n")).getCacheBody());
    assertEquals(42, third);
  }

  @Test
  void increment_concurrentCallers_loseNoIncrement() throws Exception {
    String cache = server.newCache();
    int threads = 8;
    int perThread = 100;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            scs(cache).increment(inc("shared", 1));
          }
        }));
      }
      for (var f : done) {
        f.get(2, java.util.concurrent.TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(bytes(Integer.toString(threads * perThread)),
        scs(cache).get(get("shared")).getCacheBody());
  }

  private static _IncrementRequest inc(String key, long amount) {
    return _IncrementRequest.newBuilder().setCacheKey(bytes(key)).setAmount(amount)
        .setTtlMilliseconds(MINUTE).build();
  }

  @Test
  void updateTtl_increaseDecreaseOverwrite_andMissing() {
    String cache = server.newCache();
    scs(cache).set(set("k", "v", 10_000));

    _UpdateTtlResponse notLonger = scs(cache).updateTtl(ttl("k").setIncreaseToMilliseconds(5_000).build());
    _UpdateTtlResponse longer = scs(cache).updateTtl(ttl("k").setIncreaseToMilliseconds(20_000).build());
    _UpdateTtlResponse notShorter = scs(cache).updateTtl(ttl("k").setDecreaseToMilliseconds(30_000).build());
    _UpdateTtlResponse shorter = scs(cache).updateTtl(ttl("k").setDecreaseToMilliseconds(3_000).build());
    long left = itemTtl(cache, "k");
    _UpdateTtlResponse overwritten = scs(cache).updateTtl(ttl("k").setOverwriteToMilliseconds(8_000).build());
    long leftAfterOverwrite = itemTtl(cache, "k");
    _UpdateTtlResponse missing = scs(cache).updateTtl(ttl("none").setOverwriteToMilliseconds(1_000).build());

    assertTrue(notLonger.hasNotSet());
    assertTrue(longer.hasSet());
    assertTrue(notShorter.hasNotSet());
    assertTrue(shorter.hasSet());
    assertTrue(left <= 3_000, "left " + left);
    assertTrue(overwritten.hasSet());
    assertTrue(leftAfterOverwrite > 3_000 && leftAfterOverwrite <= 8_000, "left " + leftAfterOverwrite);
    assertTrue(missing.hasMissing());
    server.clock().advance(Duration.ofMillis(8_001));
    assertEquals(ECacheResult.Miss, scs(cache).get(get("k")).getResult());
  }

  private static _UpdateTtlRequest.Builder ttl(String key) {
    return _UpdateTtlRequest.newBuilder().setCacheKey(bytes(key));
  }

  private long itemTtl(String cache, String key) {
    return scs(cache).itemGetTtl(_ItemGetTtlRequest.newBuilder().setCacheKey(bytes(key)).build())
        .getFound().getRemainingTtlMillis();
  }

  @Test
  void keysExist_itemGetType_delete() {
    String cache = server.newCache();
    scs(cache).set(set("a", "1", MINUTE));

    List<Boolean> exist = scs(cache).keysExist(_KeysExistRequest.newBuilder()
        .addCacheKeys(bytes("a")).addCacheKeys(bytes("b")).build()).getExistsList();
    _ItemGetTypeResponse type = scs(cache).itemGetType(
        _ItemGetTypeRequest.newBuilder().setCacheKey(bytes("a")).build());
    scs(cache).delete(_DeleteRequest.newBuilder().setCacheKey(bytes("a")).build());

    assertEquals(List.of(true, false), exist);
    assertEquals(_ItemGetTypeResponse.ItemType.SCALAR, type.getFound().getItemType());
    assertEquals(ECacheResult.Miss, scs(cache).get(get("a")).getResult());
    assertTrue(scs(cache).itemGetType(
        _ItemGetTypeRequest.newBuilder().setCacheKey(bytes("a")).build()).hasMissing());
  }
}
