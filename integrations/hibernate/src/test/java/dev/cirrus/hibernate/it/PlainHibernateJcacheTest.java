package dev.cirrus.hibernate.it;

import static dev.cirrus.hibernate.it.Library.ISBN_1;
import static dev.cirrus.hibernate.it.Library.bookTitles;
import static dev.cirrus.hibernate.it.Library.bookTitlesOfAuthor;
import static dev.cirrus.hibernate.it.Library.findBook;
import static dev.cirrus.hibernate.it.Library.findBookByIsbn;
import static dev.cirrus.hibernate.it.Library.findItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.hibernate.CachedClassesIntegrator;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hibernate as its documentation configures any JCache provider ({@code factory_class=jcache}, the
 * Cirrus provider, a config file) with {@code cirrus-jcache} alone: the reading JVM's class path
 * lacks this module, so neither the {@code cirrus} region factory nor the integrator that declares
 * the mapping's classes is there. Hibernate's own cache entries and keys still decode; an entry
 * holding the application's classes (here an enum attribute) is a miss, served from the database
 * with one warning naming the fix (the integration or {@code cirrus.serialization.allow}), until
 * the reader caches the entity itself.
 */
class PlainHibernateJcacheTest extends CirrusHibernateTest {

  @RegisterExtension
  static final H2Database H2 = new H2Database();

  @Override
  TestDatabase database() {
    return H2;
  }

  @Test
  void aJvmWithoutCirrusHibernate_hitsWhatAnotherJvmCached() throws Exception {
    SessionFactory writer = bed.open(HibernateSetup.jcache(bed.jdbc(), bed.configFile("writer.properties")));
    findBook(writer, 1L);
    bookTitlesOfAuthor(writer, 1L);
    findBookByIsbn(writer, ISBN_1);
    bookTitles(writer);
    Statistics written = writer.getStatistics();
    assertTrue(written.getSecondLevelCachePutCount() >= 4, "entities and the collection cached");
    assertTrue(written.getNaturalIdCachePutCount() >= 1, "the natural id cached");
    assertEquals(1, written.getQueryCachePutCount(), "the query result cached");

    URI config = bed.configFile("reader.properties");
    try (Peer reader = Peer.startWithout(CachedClassesIntegrator.class, bed.jdbc(), config,
        bed.dir().resolve("reader.log"))) {
      assertEquals("no", answer(reader, "loadable " + CachedClassesIntegrator.class.getName()),
          "cirrus-hibernate is not on the reader's class path");

      assertEquals("found\tThe Dispossessed\t1\t0\t0", answer(reader, "find 1"),
          "an entity: found, title, hits, misses, SQL statements");
      assertEquals("books\tThe Dispossessed|The Lathe of Heaven\t1\t0", answer(reader, "books-of 1"),
          "a collection: titles, collection hits, SQL statements");
      assertEquals("isbn\t1\t1\t0", answer(reader, "isbn " + ISBN_1),
          "a natural id: book id, natural-id hits, SQL statements");
      assertEquals("titles\tThe Dispossessed|The Lathe of Heaven\t1\t0", answer(reader, "titles"),
          "a query result: titles, query cache hits, SQL statements");

      findItem(writer, 1L);
      assertEquals("item\tfirst\t0\t1", answer(reader, "item 1"), "an Item holds the application's"
          + " enum, which the reader may not decode: a miss, so Hibernate reads the database");
      assertEquals("item\tfirst\t1\t0", answer(reader, "item 1"), "the entry the reader then"
          + " cached (its own, so decodable) replaced the undecodable one");

      assertEquals(0, reader.exit(), "the reader JVM's exit code");
    }
    String log = Files.readString(bed.dir().resolve("reader.log"));
    List<String> warnings = log.lines().filter(line -> line.contains("cannot be decoded")).toList();
    assertEquals(1, warnings.size(), "one warning for the class: " + log);
    assertTrue(warnings.get(0).contains(Condition.class.getName())
        && warnings.get(0).contains("cirrus.serialization.allow"), warnings.get(0));
  }

  private static String answer(Peer peer, String command) throws Exception {
    return String.join("\t", peer.call(command));
  }
}
