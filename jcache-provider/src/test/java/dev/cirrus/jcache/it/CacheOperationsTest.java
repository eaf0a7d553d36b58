package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.internal.cache.CirrusCache;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every data operation of {@link Cache}, through the JCache API against a real server. */
@ExtendWith(CirrusServerExtension.class)
class CacheOperationsTest {

  private CacheManager manager;
  private Cache<String, String> cache;

  @BeforeEach
  void setUp(TestServer server) {
    manager = server.manager(TestServer.freshAccount());
    cache = manager.createCache("ops", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void put_thenGet_returnsEqualCopy() {
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    assertNull(cache.get("missing"));
  }

  @Test
  void put_storesByValue_laterMutationNotSeen(TestServer server) {
    Cache<String, Date> dates = manager.createCache("dates",
        new MutableConfiguration<String, Date>().setTypes(String.class, Date.class));
    Date date = new Date(1000);
    dates.put("d", date);
    date.setTime(2000);
    Date stored = dates.get("d");
    assertEquals(1000, stored.getTime());
    assertNotSame(stored, dates.get("d"));
  }

  @Test
  void containsKey_reflectsPresence() {
    assertFalse(cache.containsKey("k"));
    cache.put("k", "v");
    assertTrue(cache.containsKey("k"));
  }

  @Test
  void getAndPut_returnsPrevious() {
    assertNull(cache.getAndPut("k", "1"));
    assertEquals("1", cache.getAndPut("k", "2"));
    assertEquals("2", cache.get("k"));
  }

  @Test
  void putAll_thenGetAll_roundTripsEveryEntryAndOmitsMissing() {
    Map<String, String> entries = new HashMap<>();
    for (int i = 0; i < 1200; i++) {
      entries.put("k" + i, "v" + i);
    }
    cache.putAll(entries);
    Set<String> keys = new HashSet<>(entries.keySet());
    keys.add("absent");
    Map<String, String> read = cache.getAll(keys);
    assertEquals(entries, read);
  }

  @Test
  void putIfAbsent_whenPresent_keepsOldValue() {
    assertTrue(cache.putIfAbsent("k", "first"));
    assertFalse(cache.putIfAbsent("k", "second"));
    assertEquals("first", cache.get("k"));
  }

  @Test
  void remove_removesOnlyPresentEntries() {
    assertFalse(cache.remove("k"));
    cache.put("k", "v");
    assertTrue(cache.remove("k"));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void removeWithValue_onlyWhenValueMatches() {
    cache.put("k", "v");
    assertFalse(cache.remove("k", "other"));
    assertTrue(cache.containsKey("k"));
    assertTrue(cache.remove("k", "v"));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void getAndRemove_returnsRemovedValue() {
    assertNull(cache.getAndRemove("k"));
    cache.put("k", "v");
    assertEquals("v", cache.getAndRemove("k"));
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void replace_onlyWhenPresent() {
    assertFalse(cache.replace("k", "v"));
    assertFalse(cache.containsKey("k"));
    cache.put("k", "v");
    assertTrue(cache.replace("k", "w"));
    assertEquals("w", cache.get("k"));
  }

  @Test
  void replaceWithOldValue_onlyWhenOldValueMatches() {
    cache.put("k", "v");
    assertFalse(cache.replace("k", "wrong", "x"));
    assertEquals("v", cache.get("k"));
    assertTrue(cache.replace("k", "v", "x"));
    assertEquals("x", cache.get("k"));
  }

  @Test
  void getAndReplace_returnsPreviousOnlyWhenPresent() {
    assertNull(cache.getAndReplace("k", "v"));
    assertFalse(cache.containsKey("k"));
    cache.put("k", "v");
    assertEquals("v", cache.getAndReplace("k", "w"));
    assertEquals("w", cache.get("k"));
  }

  @Test
  void removeAllKeys_removesOnlyThoseKeys() {
    cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    cache.removeAll(Set.of("a", "b", "zz"));
    assertEquals(Map.of("c", "3"), cache.getAll(Set.of("a", "b", "c")));
  }

  @Test
  void removeAll_removesEverything() {
    Map<String, String> entries = new HashMap<>();
    for (int i = 0; i < 700; i++) {
      entries.put("k" + i, "v");
    }
    cache.putAll(entries);
    cache.removeAll();
    assertFalse(cache.iterator().hasNext());
  }

  @Test
  void clear_emptiesTheCache() {
    cache.putAll(Map.of("a", "1", "b", "2"));
    cache.clear();
    assertFalse(cache.containsKey("a"));
    assertFalse(cache.iterator().hasNext());
  }

  @Test
  void iterator_visitsEveryEntryOnce_andRemoveDeletes() {
    Map<String, String> entries = new HashMap<>();
    for (int i = 0; i < 1100; i++) {
      entries.put("k" + i, "v" + i);
    }
    cache.putAll(entries);
    Map<String, String> seen = new HashMap<>();
    Iterator<Cache.Entry<String, String>> it = cache.iterator();
    while (it.hasNext()) {
      Cache.Entry<String, String> e = it.next();
      assertNull(seen.put(e.getKey(), e.getValue()), "visited twice: " + e.getKey());
      if (e.getKey().equals("k7")) {
        it.remove();
      }
    }
    assertEquals(entries, seen);
    assertFalse(cache.containsKey("k7"));
    Iterator<Cache.Entry<String, String>> fresh = cache.iterator();
    assertThrows(IllegalStateException.class, fresh::remove, "remove() before next()");
    fresh.next();
    fresh.remove();
    assertThrows(IllegalStateException.class, fresh::remove, "a second remove() for one next()");
  }

  @Test
  void byteArraysAndNumbers_roundTrip() {
    Cache<Long, byte[]> bytes = manager.createCache("bytes",
        new MutableConfiguration<Long, byte[]>().setTypes(Long.class, byte[].class));
    bytes.put(42L, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, bytes.get(42L));
  }

  @Test
  void invoke_runsProcessorAndCommits() {
    cache.put("k", "1");
    String previous = cache.invoke("k", (entry, args) -> {
      String old = entry.getValue();
      entry.setValue(old + args[0]);
      return old;
    }, "+");
    assertEquals("1", previous);
    assertEquals("1+", cache.get("k"));
  }

  @Test
  void unwrap_toImplementation_andUnknownTypeRefused() {
    assertSame(cache, cache.unwrap(CirrusCache.class));
    assertThrows(IllegalArgumentException.class, () -> cache.unwrap(String.class));
  }

  @Test
  void getConfiguration_reportsCreatingConfiguration() {
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> c = cache.getConfiguration(CompleteConfiguration.class);
    assertEquals(String.class, c.getKeyType());
    assertTrue(c.isStoreByValue());
  }

  @Test
  void close_makesOperationsFail_andIsIdempotent() {
    cache.close();
    cache.close();
    assertTrue(cache.isClosed());
    assertThrows(IllegalStateException.class, () -> cache.get("k"));
  }

  @Test
  void nullArguments_areRefusedBeforeAnyCall() {
    assertThrows(NullPointerException.class, () -> cache.put(null, "v"));
    assertThrows(NullPointerException.class, () -> cache.put("k", null));
    Map<String, String> withNull = new HashMap<>();
    withNull.put("a", "1");
    withNull.put("b", null);
    assertThrows(NullPointerException.class, () -> cache.putAll(withNull));
    assertFalse(cache.containsKey("a"));
  }

  @Test
  void destroyCache_removesItForEveryone(TestServer server) {
    cache.put("k", "v");
    manager.destroyCache("ops");
    assertTrue(cache.isClosed());
    assertNull(manager.getCache("ops"));
    List<String> names = new ArrayList<>();
    manager.getCacheNames().forEach(names::add);
    assertFalse(names.contains("ops"));
  }
}
