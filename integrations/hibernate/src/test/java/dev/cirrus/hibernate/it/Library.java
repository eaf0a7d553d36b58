package dev.cirrus.hibernate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.hibernate.KeyType;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/** The tests' data and the reads and writes they make, each in a session of its own. */
final class Library {

  static final String ISBN_1 = "978-0-06-051275-3";
  static final String BOOKS_ROLE = Author.class.getName() + ".books";

  private Library() {}

  static void insert(SessionFactory sessionFactory) {
    sessionFactory.inTransaction(session -> {
      Author author = new Author(1L, "Ursula K. Le Guin");
      session.persist(author);
      session.persist(new Book(1L, ISBN_1, "The Dispossessed", author));
      session.persist(new Book(2L, "978-1-4165-5696-0", "The Lathe of Heaven", author));
      session.persist(new Item(1L, "first"));
    });
  }

  static Book findBook(SessionFactory sessionFactory, long id) {
    Book book = sessionFactory.fromTransaction(session -> session.find(Book.class, id));
    assertNotNull(book, "book " + id);
    return book;
  }

  static Item findItem(SessionFactory sessionFactory, long id) {
    Item item = sessionFactory.fromTransaction(session -> session.find(Item.class, id));
    assertNotNull(item, "item " + id);
    return item;
  }

  static Book findBookByIsbn(SessionFactory sessionFactory, String isbn) {
    Book book = sessionFactory.fromTransaction(
        session -> session.find(Book.class, isbn, KeyType.NATURAL));
    assertNotNull(book, "book " + isbn);
    return book;
  }

  static List<String> bookTitlesOfAuthor(SessionFactory sessionFactory, long authorId) {
    return sessionFactory.fromTransaction(session -> session.find(Author.class, authorId)
        .getBooks().stream().map(Book::getTitle).toList());
  }

  /** A cacheable query returning entities: the query cache holds their ids. */
  static List<Long> bookIdsOfAuthor(SessionFactory sessionFactory, long authorId) {
    return sessionFactory.fromTransaction(session -> session
        .createSelectionQuery("from Book b where b.author.id = :author order by b.id", Book.class)
        .setParameter("author", authorId)
        .setCacheable(true)
        .getResultList().stream().map(Book::getId).toList());
  }

  /** A cacheable query returning values: a stale result would show an old title. */
  static List<String> bookTitles(SessionFactory sessionFactory) {
    return sessionFactory.fromTransaction(session -> session
        .createSelectionQuery("select b.title from Book b order by b.id", String.class)
        .setCacheable(true)
        .getResultList());
  }

  /** Runs {@link #bookTitles} until it is a query cache hit: twice, checking the second. */
  static void cacheBookTitles(SessionFactory sessionFactory) {
    Statistics statistics = sessionFactory.getStatistics();
    bookTitles(sessionFactory);
    long hits = statistics.getQueryCacheHitCount();
    bookTitles(sessionFactory);
    assertEquals(hits + 1, statistics.getQueryCacheHitCount(), "the second execution is a hit");
  }

  static void renameBook(SessionFactory sessionFactory, long id, String title) {
    sessionFactory.inTransaction(session -> session.find(Book.class, id).setTitle(title));
  }
}
