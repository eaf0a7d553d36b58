package dev.cirrus.spring;

import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.springframework.stereotype.Service;

/** The same kind of service written with the JSR-107 annotations, which Spring also honours. */
@Service
@CacheDefaults(cacheName = "books")
public class Jsr107Library {

  private final AtomicInteger lookups = new AtomicInteger();

  @CacheResult
  public Book find(String isbn) {
    lookups.incrementAndGet();
    return new Book(isbn, "Title of " + isbn);
  }

  @CachePut
  public void store(@CacheKey String isbn, @CacheValue Book book) {}

  @CacheRemove
  public void remove(String isbn) {}

  @CacheRemoveAll
  public void removeAll() {}

  public int lookups() {
    return lookups.get();
  }

  public void resetLookups() {
    lookups.set(0);
  }
}
