package dev.cirrus.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.cirrus.junit.CirrusAccount;
import dev.cirrus.junit.CirrusExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.cache.support.NullValue;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Spring's own JCacheCacheManager over the provider, with nothing of cirrus-spring in play (a
 * plain context, so no Boot auto-configuration) and nothing allowed by configuration: what Spring
 * stores itself, the NullValue of a cached {@code null} and the SimpleKey of a method with two
 * parameters, decodes in a CacheManager that never wrote either.
 */
@ExtendWith(CirrusExtension.class)
class SpringClassesWithoutIntegrationTest {

  /** Spring caching over whatever JCache CacheManager the context holds. */
  @Configuration
  @EnableCaching
  @Import(Library.class)
  static class JCacheOnly {
    @Bean
    org.springframework.cache.CacheManager cacheManager(CacheManager jCacheManager) {
      return new JCacheCacheManager(jCacheManager);
    }
  }

  private final List<AnnotationConfigApplicationContext> contexts = new ArrayList<>();

  @AfterEach
  void close() {
    contexts.forEach(AnnotationConfigApplicationContext::close);
  }

  @Test
  void nullValueAndSimpleKey_writtenByOneApplication_decodeInAnotherThatNeverWroteThem(
      CirrusAccount account) {
    String isbn = UUID.randomUUID().toString();
    Library writer = library(account.newCacheManager("cirrus.caches", "books,prices"));
    assertNull(writer.findOrNull(isbn));
    Long price = writer.price(isbn, "EUR");

    CacheManager reader = account.newCacheManager();
    Cache<Object, Object> prices = reader.getCache("prices");
    List<Object> keys = new ArrayList<>();
    prices.forEach(entry -> keys.add(entry.getKey()));
    assertEquals(List.of(new SimpleKey(isbn, "EUR")), keys, "the two-parameter key, decoded");
    assertSame(NullValue.INSTANCE, reader.getCache("books").get(isbn), "the cached null, decoded");

    Library readerLibrary = library(reader);
    assertNull(readerLibrary.findOrNull(isbn));
    assertEquals(price, readerLibrary.price(isbn, "EUR"));
    assertEquals(0, readerLibrary.calls("findOrNull"), "the cached null was a hit");
    assertEquals(0, readerLibrary.calls("price"), "the cached price was a hit");
  }

  @Test
  void aCachedValueTheReaderCannotDecode_isRecomputed_byCacheableAndItsSyncForm(
      CirrusAccount account) {
    String isbn = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    Library writer = library(account.newCacheManager("cirrus.caches", "books,prices"));
    Book written = writer.find(isbn);
    writer.findSync(other);

    // Neither reader wrote a Book nor allowed the class: the entries are misses, not errors.
    // (Once a reader writes a Book itself, it trusts the class: hence one reader per form.)
    Library reader = library(account.newCacheManager());
    assertEquals(written, reader.find(isbn));
    assertEquals(1, reader.calls("find"), "the undecodable entry was recomputed");
    assertEquals(written, reader.find(isbn));
    assertEquals(1, reader.calls("find"), "the reader's own entry replaced it and now hits");

    Library syncReader = library(account.newCacheManager());
    assertEquals(new Book(other, "Lookup #1"), syncReader.findSync(other));
    assertEquals(1, syncReader.calls("findSync"), "the sync form (invoke) recomputed it too");
    assertEquals(new Book(other, "Lookup #1"), syncReader.findSync(other));
    assertEquals(1, syncReader.calls("findSync"));
  }

  private Library library(CacheManager jCacheManager) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean("jCacheManager", CacheManager.class, () -> jCacheManager);
    context.register(JCacheOnly.class);
    context.refresh();
    contexts.add(context);
    return context.getBean(Library.class);
  }
}
