package dev.cirrus.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cirrus.server.EmbeddedServer;
import dev.cirrus.server.limits.Limits;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server per test, configured by the test class. */
class PerTestServerTest {
  static final int MAX_KEY_BYTES = 32;

  @RegisterExtension
  static CirrusExtension cirrus = CirrusExtension.perTest().withServerConfig(
      b -> b.limits(Limits.defaults().toBuilder().maxKeyBytes(MAX_KEY_BYTES).build()));

  private static final List<EmbeddedServer> earlierServers = new ArrayList<>();

  /** The second repetition finds the first one's server gone and its data dir deleted. */
  @RepeatedTest(2)
  void everyTest_getsAServerOfItsOwn(EmbeddedServer server) {
    for (EmbeddedServer earlier : earlierServers) {
      assertNotSame(earlier, server);
      assertFalse(Files.exists(earlier.dataDir()), "deleted after its test");
    }
    earlierServers.add(server);
  }

  @Test
  void theServerConfig_isTheClasss(CacheManager cacheManager, EmbeddedServer server) {
    assertEquals(MAX_KEY_BYTES, server.server().config().limits().maxKeyBytes());
    Cache<String, String> cache = cacheManager.createCache("limited", new MutableConfiguration<>());
    cache.put("short", "ok");
    assertThrows(CacheException.class,
        () -> cache.put("a key well beyond thirty-two bytes of length", "refused"));
  }
}
