package dev.cirrus.hibernate.it;

import static dev.cirrus.hibernate.it.Library.findBook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code hibernate.javax.cache.missing_cache_strategy} with plain hibernate-jcache. */
class MissingCacheStrategyTest extends CirrusHibernateTest {

  /** The data regions of the tests' mapping and the query cache's, as Hibernate names them. */
  private static final List<String> DATA_AND_QUERY_REGIONS = List.of(
      Author.class.getName(),
      Author.class.getName() + ".books",
      Book.class.getName(),
      Book.class.getName() + "##NaturalId",
      Item.class.getName(),
      "default-query-results-region");
  /** Every region: Hibernate's statistics leave out the update timestamps. */
  private static final List<String> REGIONS = Stream.concat(
      DATA_AND_QUERY_REGIONS.stream(), Stream.of("default-update-timestamps-region")).toList();

  @RegisterExtension
  static final H2Database H2 = new H2Database();

  @Override
  TestDatabase database() {
    return H2;
  }

  @Test
  void missingCacheStrategy_create_createsEveryRegionOnTheServer() {
    SessionFactory sessionFactory = bed.open(jcache("create"));

    assertEquals(DATA_AND_QUERY_REGIONS.stream().sorted().toList(), Stream.of(
        sessionFactory.getStatistics().getSecondLevelCacheRegionNames()).sorted().toList());
    CacheManager other = bed.cacheManager();
    for (String region : REGIONS) {
      assertNotNull(other.getCache(region), region + " on the server");
    }
  }

  @Test
  void missingCacheStrategy_fail_withoutCaches_failsNamingTheMissingRegion() {
    RuntimeException failure = assertThrows(RuntimeException.class, () -> bed.open(jcache("fail")));

    String message = Failures.describe(failure);
    assertTrue(message.contains("On-the-fly creation of JCache Cache objects is not supported"
        + " [default-update-timestamps-region]"), message);
  }

  @Test
  void missingCacheStrategy_fail_withCachesCreatedByTheConfigFile_starts() {
    SessionFactory sessionFactory = bed.open(jcache("fail", "cirrus.caches=" + String.join(",", REGIONS)));
    Statistics statistics = sessionFactory.getStatistics();

    findBook(sessionFactory, 1L);
    statistics.clear();
    findBook(sessionFactory, 1L);
    assertEquals(1, statistics.getSecondLevelCacheHitCount(), "hits of the second session");
    assertEquals(0, statistics.getPrepareStatementCount(), "SQL of the second session");
  }

  private HibernateSetup jcache(String strategy, String... configLines) {
    return HibernateSetup.jcache(bed.jdbc(), bed.configFile("cirrus.properties", configLines))
        .set("hibernate.javax.cache.missing_cache_strategy", strategy);
  }
}
