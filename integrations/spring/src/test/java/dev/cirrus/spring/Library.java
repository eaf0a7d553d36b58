package dev.cirrus.spring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.Caching;
import org.springframework.stereotype.Service;

/**
 * A service with Spring-cached methods that counts how often each method really runs, so that a
 * test can tell a cache hit (no run) from a miss (one run).
 */
@Service
public class Library {

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** Blocks sync lookups until a test lets them go, so that several threads are inside at once. */
  private volatile Runnable inSyncLookup = () -> {};

  @Cacheable("books")
  public Book find(String isbn) {
    return book("find", isbn);
  }

  /** Each run gives a book of its own title, so a test can tell which run's value it got. */
  @Cacheable(cacheNames = "books", sync = true)
  public Book findSync(String isbn) {
    inSyncLookup.run();
    return new Book(isbn, "Lookup #" + count("findSync"));
  }

  /** Caches only ISBN-13s of books: the condition is checked before the method runs. */
  @Cacheable(cacheNames = "books", condition = "#isbn.startsWith('978')")
  public Book findIfIsbn13(String isbn) {
    return book("findIfIsbn13", isbn);
  }

  /** Does not cache a result without title: unless is checked on the result. */
  @Cacheable(cacheNames = "books", unless = "#result.title().isEmpty()")
  public Book findUnlessUntitled(String isbn, String title) {
    count("findUnlessUntitled");
    return new Book(isbn, title);
  }

  /** A method of two arguments: its key is Spring's SimpleKey, which must encode equally everywhere. */
  @Cacheable("prices")
  public Long price(String isbn, String currency) {
    count("price");
    return (long) (isbn + currency).hashCode();
  }

  /** Returns null for an unknown book, which Spring caches as its NullValue. */
  @Cacheable("books")
  public Book findOrNull(String isbn) {
    count("findOrNull");
    return null;
  }

  @CachePut(cacheNames = "books", key = "#book.isbn()")
  public Book save(Book book) {
    count("save");
    return book;
  }

  @CacheEvict("books")
  public void withdraw(String isbn) {
    count("withdraw");
  }

  @CacheEvict(cacheNames = "books", allEntries = true)
  public void withdrawAll() {
    count("withdrawAll");
  }

  /** Stores the book under its ISBN and its title under the ISBN in a second cache. */
  @Caching(put = {
      @CachePut(cacheNames = "books", key = "#book.isbn()"),
      @CachePut(cacheNames = "titles", key = "#book.isbn()", condition = "#book.title() != null")})
  public Book publish(Book book) {
    count("publish");
    return book;
  }

  @Caching(evict = {@CacheEvict("books"), @CacheEvict("titles")})
  public void retract(String isbn) {
    count("retract");
  }

  public int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  public void resetCalls() {
    calls.clear();
  }

  void onSyncLookup(Runnable action) {
    this.inSyncLookup = action;
  }

  private Book book(String method, String isbn) {
    count(method);
    return new Book(isbn, "Title of " + isbn);
  }

  private int count(String method) {
    return calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
  }
}
