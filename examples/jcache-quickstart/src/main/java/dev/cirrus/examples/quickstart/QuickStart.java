package dev.cirrus.examples.quickstart;

import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;

/**
 * Plain JCache against a Cirrus server: no Cirrus type appears in this code. The provider finds
 * the server and the token through its defaults (env {@code CIRRUS_AUTH_TOKEN}, whose token also
 * names the endpoint; or {@code -Dcirrus.uri=... -Dcirrus.token=...}).
 */
public final class QuickStart {

  private QuickStart() {}

  public static void main(String[] args) {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    try {
      run(manager, System.out);
    } finally {
      manager.close();
    }
  }

  static void run(CacheManager manager, java.io.PrintStream out) {
    Cache<String, Long> visits = manager.getCache("quickstart-visits", String.class, Long.class);
    if (visits == null) {
      visits = manager.createCache("quickstart-visits", new MutableConfiguration<String, Long>()
          .setTypes(String.class, Long.class)
          .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR)));
    }
    out.println("Connected to " + manager.getURI() + ", cache '" + visits.getName() + "'");

    visits.put("home", 1L);
    visits.putAll(Map.of("about", 1L, "pricing", 1L));
    out.println("home -> " + visits.get("home"));

    // An entry processor runs here and commits atomically on the server: safe across JVMs.
    Long after = visits.invoke("home", (entry, arguments) -> {
      long next = entry.exists() ? entry.getValue() + 1 : 1L;
      entry.setValue(next);
      return next;
    });
    out.println("home after increment -> " + after);

    out.println("putIfAbsent(home) applied? " + visits.putIfAbsent("home", 100L));
    out.println("getAll -> " + visits.getAll(Set.of("home", "about", "missing")));
    visits.remove("pricing");
    out.println("pricing still cached? " + visits.containsKey("pricing"));
  }
}
