package dev.cirrus.junit;

import javax.cache.CacheManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A mistake {@link CleanupTest} checks the message of: a per-test server asked for in @BeforeAll. */
class PerTestBeforeAllScenario {
  @RegisterExtension static CirrusExtension cirrus = CirrusExtension.perTest();

  @BeforeAll
  static void tooEarly(CacheManager cacheManager) {}

  @Test
  void never() {}
}
