package dev.cirrus.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.cache.interceptor.SimpleKeyGenerator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Spring's caching annotations on a service, through {@code @EnableCaching} and Spring's
 * JCacheCacheManager over the provider, against a real server. Every check also reads the server
 * through a second, independent client, so a hit can only come from the server.
 */
@ExtendWith(CirrusExtension.class)
class SpringCachingTest {

  private static AnnotationConfigApplicationContext context;
  private static Library library;
  private static Cache<Object, Object> books;
  private static Cache<Object, Object> titles;

  @BeforeAll
  static void start(CirrusAccount account) {
    context = Contexts.start(account, PlainSpringConfig.class);
    library = context.getBean(Library.class);
    // Another instance of the application: it never wrote a Book, so it names the application's
    // classes for the deserialization allow-list, as the application's config does.
    CacheManager otherClient = account.newCacheManager("cirrus.serialization.allow", "dev.cirrus.spring.*");
    books = otherClient.getCache("books");
    titles = otherClient.getCache("titles");
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @BeforeEach
  void cleanSlate() {
    books.clear();
    titles.clear();
    library.resetCalls();
  }

  @Test
  void cacheable_firstCall_invokesMethodAndStoresResultOnServer() {
    String isbn = isbn();
    Book book = library.find(isbn);
    assertEquals(1, library.calls("find"));
    assertEquals(book, books.get(isbn));
  }

  @Test
  void cacheable_secondCall_doesNotInvokeMethod() {
    String isbn = isbn();
    Book first = library.find(isbn);
    Book second = library.find(isbn);
    assertEquals(1, library.calls("find"));
    assertEquals(first, second);
  }

  @Test
  void cacheable_entryWrittenByAnotherClient_isReturnedWithoutInvokingMethod() {
    String isbn = isbn();
    Book elsewhere = new Book(isbn, "Written by another client");
    books.put(isbn, elsewhere);
    assertEquals(elsewhere, library.find(isbn));
    assertEquals(0, library.calls("find"));
  }

  @Test
  void cacheable_nullResult_isCachedAndReturnedAsNull() {
    String isbn = isbn();
    assertNull(library.findOrNull(isbn));
    assertNull(library.findOrNull(isbn));
    assertEquals(1, library.calls("findOrNull"));
    assertTrue(books.containsKey(isbn), "Spring stores a null result as its NullValue");
  }

  @Test
  void cachePut_alwaysInvokesMethod_andReplacesCachedValue() {
    String isbn = isbn();
    library.find(isbn);
    Book second = new Book(isbn, "Second edition");
    library.save(second);
    library.save(second);
    assertEquals(2, library.calls("save"));
    assertEquals(second, books.get(isbn));
    assertEquals(second, library.find(isbn));
    assertEquals(1, library.calls("find"));
  }

  @Test
  void cacheEvict_removesEntry_soNextCallInvokesMethod() {
    String isbn = isbn();
    String other = isbn();
    library.find(isbn);
    library.find(other);
    library.withdraw(isbn);
    assertFalse(books.containsKey(isbn));
    assertTrue(books.containsKey(other), "only the named key is evicted");
    library.find(isbn);
    assertEquals(3, library.calls("find"));
  }

  @Test
  void cacheEvictAllEntries_removesEveryEntryOfTheCache() {
    String first = isbn();
    String second = isbn();
    library.find(first);
    library.find(second);
    titles.put(first, "kept");
    library.withdrawAll();
    assertFalse(books.containsKey(first));
    assertFalse(books.containsKey(second));
    assertEquals("kept", titles.get(first), "allEntries empties only the named cache");
    library.find(first);
    assertEquals(3, library.calls("find"));
  }

  @Test
  void caching_putsIntoEveryNamedCache() {
    String isbn = isbn();
    Book book = new Book(isbn, "Both caches");
    library.publish(book);
    assertEquals(book, books.get(isbn));
    assertEquals(book, titles.get(isbn));
    assertEquals(book, library.find(isbn));
    assertEquals(0, library.calls("find"));
  }

  @Test
  void caching_evictsFromEveryNamedCache() {
    String isbn = isbn();
    library.publish(new Book(isbn, "Both caches"));
    library.retract(isbn);
    assertEquals(1, library.calls("retract"));
    assertFalse(books.containsKey(isbn));
    assertFalse(titles.containsKey(isbn));
  }

  @Test
  void condition_false_neitherReadsNorWritesTheCache() {
    String isbn10 = "0-" + isbn();
    books.put(isbn10, new Book(isbn10, "Not to be read"));
    library.findIfIsbn13(isbn10);
    library.findIfIsbn13(isbn10);
    assertEquals(2, library.calls("findIfIsbn13"));
    assertEquals("Not to be read", ((Book) books.get(isbn10)).title());
  }

  @Test
  void condition_true_cachesAsUsual() {
    String isbn13 = "978-" + isbn();
    library.findIfIsbn13(isbn13);
    library.findIfIsbn13(isbn13);
    assertEquals(1, library.calls("findIfIsbn13"));
    assertTrue(books.containsKey(isbn13));
  }

  @Test
  void unless_true_doesNotStoreResult() {
    String isbn = isbn();
    library.findUnlessUntitled(isbn, "");
    library.findUnlessUntitled(isbn, "");
    assertEquals(2, library.calls("findUnlessUntitled"));
    assertFalse(books.containsKey(SimpleKeyGenerator.generateKey(isbn, "")));
    assertEquals(0, count(books));
  }

  @Test
  void unless_false_storesResult() {
    String isbn = isbn();
    library.findUnlessUntitled(isbn, "Titled");
    library.findUnlessUntitled(isbn, "Titled");
    assertEquals(1, library.calls("findUnlessUntitled"));
    assertTrue(books.containsKey(SimpleKeyGenerator.generateKey(isbn, "Titled")));
  }

  @Test
  void syncCacheable_runsMethodOnce_andStoresValueOnServer() {
    String isbn = isbn();
    Book first = library.findSync(isbn);
    Book second = library.findSync(isbn);
    assertEquals(1, library.calls("findSync"));
    assertEquals(first, second);
    assertEquals(first, books.get(isbn));
  }

  @Test
  void syncCacheable_valueCachedByAnotherClient_isReturnedWithoutInvokingMethod() {
    String isbn = isbn();
    Book elsewhere = new Book(isbn, "Written by another client");
    books.put(isbn, elsewhere);
    assertEquals(elsewhere, library.findSync(isbn));
    assertEquals(0, library.calls("findSync"));
  }

  /**
   * Callers racing on one missing key all get the one value that the server keeps, whichever run
   * produced it. How often the method runs is not asserted: the provider runs entry processors
   * without holding other local callers of the same key back, so each racing caller may run it.
   */
  @Test
  void syncCacheable_concurrentCallers_allGetTheValueTheServerKeeps() throws Exception {
    String isbn = isbn();
    int callers = 4;
    CountDownLatch inside = new CountDownLatch(callers);
    library.onSyncLookup(() -> {
      inside.countDown();
      try {
        inside.await(500, TimeUnit.MILLISECONDS); // lets racing callers overlap, if they get in
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CyclicBarrier start = new CyclicBarrier(callers);
      List<Future<Book>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return library.findSync(isbn);
        }));
      }
      List<Book> got = new ArrayList<>();
      for (Future<Book> result : results) {
        got.add(result.get(10, TimeUnit.SECONDS));
      }
      Book kept = (Book) books.get(isbn);
      assertNotNull(kept);
      for (Book book : got) {
        assertEquals(kept, book);
      }
      assertTrue(library.calls("findSync") >= 1);
    } finally {
      library.onSyncLookup(() -> {});
      pool.shutdownNow();
    }
  }

  private static String isbn() {
    return UUID.randomUUID().toString();
  }

  private static int count(Cache<Object, Object> cache) {
    int n = 0;
    for (Cache.Entry<Object, Object> ignored : cache) {
      n++;
    }
    return n;
  }
}
