package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code cirrus.codec=string} and {@code cirrus.codec=bytes}: entries stored as their plain bytes,
 * so a {@code Cache<String,String>} and a {@code Cache<byte[],byte[]>} over one cache read each
 * other's entries (as clients without a Cirrus codec do), and other types are refused by name.
 */
@ExtendWith(CirrusServerExtension.class)
class PlainCodecTest {

  @Test
  void stringAndBytesCodecs_storeThePlainBytes_ofOneSharedCache(TestServer server) {
    String account = TestServer.freshAccount();
    CacheManager strings = server.manager(account, "cirrus.codec", "string");
    CacheManager bytes = server.manager(account, "cirrus.codec", "bytes");
    // Untyped: a cache keeps its creator's key and value types, and the two sides differ.
    Cache<Object, Object> text = strings.createCache("plain", new MutableConfiguration<>());
    Cache<Object, Object> raw = bytes.getCache("plain");

    text.put("grüße", "héllo");
    raw.put("k2".getBytes(StandardCharsets.UTF_8), "from bytes".getBytes(StandardCharsets.UTF_8));

    assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8),
        (byte[]) raw.get("grüße".getBytes(StandardCharsets.UTF_8)));
    assertEquals("from bytes", text.get("k2"));
  }

  @Test
  void otherTypes_areRefused_namingTheType(TestServer server) {
    CacheManager strings = server.manager(TestServer.freshAccount(), "cirrus.codec", "string");
    Cache<Object, Object> cache = strings.createCache("typed", new MutableConfiguration<>());

    CacheException e = assertThrows(CacheException.class, () -> cache.put("k", 42));

    assertTrue(e.getMessage().contains("java.lang.Integer") && e.getMessage().contains("string"),
        e.getMessage());
  }
}
