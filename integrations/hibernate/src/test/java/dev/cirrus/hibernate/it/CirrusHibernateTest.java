package dev.cirrus.hibernate.it;

import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test against a real Cirrus server (one per class, an account per test) and a database the
 * subclass names: each test gets a {@link TestBed} of its own.
 */
@ExtendWith(CirrusExtension.class)
abstract class CirrusHibernateTest {

  TestBed bed;

  /** The database of the subclass, started before the first test. */
  abstract TestDatabase database();

  @BeforeEach
  void setUpTestBed(CirrusAccount account, @TempDir Path dir) {
    bed = new TestBed(account, database(), dir);
  }

  @AfterEach
  void closeTestBed() {
    if (bed != null) {
      bed.close();
      bed = null;
    }
  }
}
