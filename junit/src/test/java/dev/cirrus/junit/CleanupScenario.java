package dev.cirrus.junit;

import dev.cirrus.server.EmbeddedServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user's test class, run by {@link CleanupTest} (its name keeps the build from running it on
 * its own); it records what the extension handed it.
 */
@ExtendWith(CirrusExtension.class)
class CleanupScenario {
  static EmbeddedServer server;
  static CacheManager classManager;
  static final List<CacheManager> testManagers = new CopyOnWriteArrayList<>();
  static volatile boolean earlierClosedWhenNextRan;

  @BeforeAll
  static void start(EmbeddedServer embedded, CirrusAccount account) {
    server = embedded;
    classManager = account.cacheManager();
    testManagers.clear();
    earlierClosedWhenNextRan = false;
  }

  @Test
  void first(CacheManager cacheManager, CirrusAccount account) {
    use(cacheManager, account);
  }

  @Test
  void second(CacheManager cacheManager, CirrusAccount account) {
    use(cacheManager, account);
  }

  private static void use(CacheManager cacheManager, CirrusAccount account) {
    if (!testManagers.isEmpty()) {
      earlierClosedWhenNextRan = testManagers.stream().allMatch(CacheManager::isClosed);
    }
    cacheManager.createCache("c", new MutableConfiguration<>()).put("k", "v");
    testManagers.add(cacheManager);
    testManagers.add(account.newCacheManager());
  }
}
