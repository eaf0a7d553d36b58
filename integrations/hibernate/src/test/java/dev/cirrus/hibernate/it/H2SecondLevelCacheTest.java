package dev.cirrus.hibernate.it;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The second-level cache contract on H2, reached over TCP so that a second JVM can share it. */
class H2SecondLevelCacheTest extends SecondLevelCacheContract {

  @RegisterExtension
  static final H2Database H2 = new H2Database();

  @Override
  TestDatabase database() {
    return H2;
  }
}
