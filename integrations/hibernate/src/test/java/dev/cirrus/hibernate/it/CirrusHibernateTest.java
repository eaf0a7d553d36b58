package dev.cirrus.hibernate.it;

import dev.cirrus.jcache.it.CirrusServerExtension;
import dev.cirrus.jcache.it.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test against a real Cirrus server and a database the subclass names: each test gets a
 * {@link TestBed} of its own.
 */
@ExtendWith(CirrusServerExtension.class)
abstract class CirrusHibernateTest {

  TestBed bed;

  /** The database of the subclass, started before the first test. */
  abstract TestDatabase database();

  @BeforeEach
  void setUpTestBed(TestServer server, @TempDir Path dir) {
    bed = new TestBed(server, database(), dir);
  }

  @AfterEach
  void closeTestBed() {
    if (bed != null) {
      bed.close();
      bed = null;
    }
  }
}
