package dev.cirrus.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Two application contexts, each with its own provider and CacheManager (as two instances of a
 * service would have), against one server and account: what one caches the other reads, and
 * what one evicts is gone for the other.
 */
@ExtendWith(CirrusExtension.class)
class TwoApplicationsTest {

  private AnnotationConfigApplicationContext first;
  private AnnotationConfigApplicationContext second;
  private Library one;
  private Library two;

  @BeforeEach
  void start(CirrusAccount account) {
    first = Contexts.start(account, BuilderConfig.class);
    second = Contexts.start(account, BuilderConfig.class);
    one = first.getBean(Library.class);
    two = second.getBean(Library.class);
    assertNotSame(first.getBean(javax.cache.CacheManager.class),
        second.getBean(javax.cache.CacheManager.class));
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
  }

  @Test
  void cacheable_resultComputedByOneApplication_isServedToTheOtherWithoutInvokingMethod() {
    String isbn = isbn();
    Book computed = one.find(isbn);
    assertEquals(computed, two.find(isbn));
    assertEquals(1, one.calls("find"));
    assertEquals(0, two.calls("find"));
  }

  @Test
  void cacheable_twoArgumentKey_isSharedBetweenApplications() {
    String isbn = isbn();
    Long price = one.price(isbn, "EUR");
    assertEquals(price, two.price(isbn, "EUR"));
    assertEquals(0, two.calls("price"));
    two.price(isbn, "USD");
    assertEquals(1, two.calls("price"), "a different argument is a different key");
  }

  @Test
  void cacheEvict_inOneApplication_makesTheOtherInvokeMethodAgain() {
    String isbn = isbn();
    one.find(isbn);
    two.find(isbn);
    one.withdraw(isbn);
    two.find(isbn);
    assertEquals(1, two.calls("find"));
    assertEquals(1, one.calls("find"));
  }

  @Test
  void cacheEvictAllEntries_inOneApplication_isSeenByTheOther() {
    String a = isbn();
    String b = isbn();
    two.find(a);
    two.find(b);
    one.withdrawAll();
    two.find(a);
    two.find(b);
    assertEquals(4, two.calls("find"));
  }

  @Test
  void cachePut_inOneApplication_isReadByTheOther() {
    String isbn = isbn();
    two.find(isbn);
    Book revised = new Book(isbn, "Revised");
    one.save(revised);
    assertEquals(revised, two.find(isbn));
    assertEquals(1, two.calls("find"));
  }

  @Test
  void syncCacheable_valueLoadedByOneApplication_isServedToTheOther() {
    String isbn = isbn();
    Book loaded = one.findSync(isbn);
    assertEquals(loaded, two.findSync(isbn));
    assertEquals(0, two.calls("findSync"));
  }

  @Test
  void closingOneApplication_leavesTheOtherWorking() {
    String isbn = isbn();
    one.find(isbn);
    first.close();
    assertEquals(isbn, two.find(isbn).isbn());
    assertEquals(0, two.calls("find"));
  }

  private static String isbn() {
    return UUID.randomUUID().toString();
  }
}
