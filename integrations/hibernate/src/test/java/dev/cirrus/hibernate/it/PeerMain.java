package dev.cirrus.hibernate.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/**
 * The second JVM of the two-JVM test: a SessionFactory of its own on the same database and Cirrus
 * server, driven by commands on standard input, answering on standard output with lines that start
 * with {@value #PREFIX} (Hibernate's own logging goes to standard error).
 *
 * <p>Arguments: JDBC URL, user, password, Cirrus config file URI. Commands, answered with
 * tab-separated fields, the cache figures counted for that command alone:
 *
 * <ul>
 *   <li>{@code find BOOK_ID}: {@code found TITLE HITS MISSES STATEMENTS} (second-level cache hits
 *       and misses, SQL statements prepared);
 *   <li>{@code item ITEM_ID}: {@code item LABEL HITS STATEMENTS};
 *   <li>{@code isbn ISBN}: {@code isbn BOOK_ID NATURAL_ID_HITS STATEMENTS};
 *   <li>{@code books-of AUTHOR_ID}: {@code books TITLES COLLECTION_HITS STATEMENTS} (titles
 *       separated by {@code |});
 *   <li>{@code titles}: {@code titles TITLES QUERY_CACHE_HITS STATEMENTS}, the cacheable query;
 *   <li>{@code loadable CLASS}: {@code yes} or {@code no};
 *   <li>{@code exit} closes the SessionFactory and ends the process.
 * </ul>
 *
 * A command that throws answers {@code failed} and the messages of the exception's causes.
 */
public final class PeerMain {

  static final String PREFIX = "peer:";

  private PeerMain() {}

  public static void main(String[] args) throws IOException {
    Jdbc jdbc = new Jdbc(args[0], args[1], args[2]);
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (SessionFactory sessionFactory = HibernateSetup.jcache(jdbc, URI.create(args[3])).build()) {
      answer("ready");
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        String[] command = line.trim().split(" ");
        if (command[0].equals("exit")) {
          break;
        }
        try {
          run(sessionFactory, command);
        } catch (RuntimeException | AssertionError e) {
          answer("failed\t" + messages(e));
        }
      }
    }
  }

  private static void run(SessionFactory sessionFactory, String[] command) {
    Statistics statistics = sessionFactory.getStatistics();
    statistics.clear();
    String argument = command.length == 2 ? command[1] : null;
    switch (command[0]) {
      case "find" -> find(sessionFactory, Long.parseLong(argument));
      case "item" -> answer("item", Library.findItem(sessionFactory, Long.parseLong(argument)).getLabel(),
          statistics.getSecondLevelCacheHitCount(), statistics.getPrepareStatementCount());
      case "isbn" -> answer("isbn", Library.findBookByIsbn(sessionFactory, argument).getId(),
          statistics.getNaturalIdCacheHitCount(), statistics.getPrepareStatementCount());
      case "books-of" -> answer("books",
          String.join("|", Library.bookTitlesOfAuthor(sessionFactory, Long.parseLong(argument))),
          statistics.getCollectionStatistics(Library.BOOKS_ROLE).getCacheHitCount(),
          statistics.getPrepareStatementCount());
      case "titles" -> answer("titles", String.join("|", Library.bookTitles(sessionFactory)),
          statistics.getQueryCacheHitCount(), statistics.getPrepareStatementCount());
      case "loadable" -> answer(isLoadable(argument) ? "yes" : "no");
      default -> answer("unknown\t" + String.join(" ", command));
    }
  }

  private static boolean isLoadable(String className) {
    try {
      Class.forName(className, false, PeerMain.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String messages(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      text.append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append(" | ");
    }
    return text.toString().replace('\t', ' ').replace('\n', ' ');
  }

  private static void answer(String kind, Object value, long hits, long statements) {
    answer(String.join("\t", kind, String.valueOf(value), Long.toString(hits),
        Long.toString(statements)));
  }

  private static void find(SessionFactory sessionFactory, long id) {
    Statistics statistics = sessionFactory.getStatistics();
    Book book = sessionFactory.fromTransaction(session -> session.find(Book.class, id));
    answer(String.join("\t", "found", book == null ? "-" : book.getTitle(),
        Long.toString(statistics.getSecondLevelCacheHitCount()),
        Long.toString(statistics.getSecondLevelCacheMissCount()),
        Long.toString(statistics.getPrepareStatementCount())));
  }

  private static void answer(String line) {
    System.out.println(PREFIX + line);
    System.out.flush();
  }
}
