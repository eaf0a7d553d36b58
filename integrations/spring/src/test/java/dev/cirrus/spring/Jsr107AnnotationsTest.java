package dev.cirrus.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import java.util.UUID;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The JSR-107 annotations ({@code javax.cache.annotation}) honoured by Spring's
 * {@code @EnableCaching}, over the provider and a real server; a second client checks the server.
 */
@ExtendWith(CirrusExtension.class)
class Jsr107AnnotationsTest {

  private static AnnotationConfigApplicationContext context;
  private static Jsr107Library library;
  private static Cache<Object, Object> books;

  @BeforeAll
  static void start(CirrusAccount account) {
    context = Contexts.start(account, PlainSpringConfig.class);
    library = context.getBean(Jsr107Library.class);
    books = account.newCacheManager("cirrus.serialization.allow", "dev.cirrus.spring.*")
        .getCache("books");
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @BeforeEach
  void cleanSlate() {
    books.clear();
    library.resetLookups();
  }

  @Test
  void cacheResult_secondCall_doesNotInvokeMethod() {
    String isbn = isbn();
    Book first = library.find(isbn);
    Book second = library.find(isbn);
    assertEquals(1, library.lookups());
    assertEquals(first, second);
    assertEquals(first, books.get(isbn));
  }

  @Test
  void cachePut_storesTheCacheValueUnderTheCacheKey() {
    String isbn = isbn();
    Book stored = new Book(isbn, "Put by JSR-107");
    library.store(isbn, stored);
    assertEquals(stored, books.get(isbn));
    assertEquals(stored, library.find(isbn));
    assertEquals(0, library.lookups());
  }

  @Test
  void cacheRemove_removesTheEntry_soNextCallInvokesMethod() {
    String isbn = isbn();
    String other = isbn();
    library.find(isbn);
    library.find(other);
    library.remove(isbn);
    assertFalse(books.containsKey(isbn));
    assertTrue(books.containsKey(other));
    library.find(isbn);
    assertEquals(3, library.lookups());
  }

  @Test
  void cacheRemoveAll_removesEveryEntry() {
    String first = isbn();
    String second = isbn();
    library.find(first);
    library.find(second);
    library.removeAll();
    assertFalse(books.containsKey(first));
    assertFalse(books.containsKey(second));
    library.find(first);
    assertEquals(3, library.lookups());
  }

  private static String isbn() {
    return UUID.randomUUID().toString();
  }
}
