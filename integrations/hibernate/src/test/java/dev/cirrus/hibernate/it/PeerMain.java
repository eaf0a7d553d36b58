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
 * <p>Arguments: JDBC URL, user, password, Cirrus config file URI. Commands: {@code find BOOK_ID}
 * answers {@code found TITLE HITS MISSES STATEMENTS} (tab-separated second-level cache hits and
 * misses, SQL statements prepared); {@code exit} closes the SessionFactory and ends the process.
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
        } else if (command[0].equals("find") && command.length == 2) {
          find(sessionFactory, Long.parseLong(command[1]));
        } else {
          answer("unknown\t" + line);
        }
      }
    }
  }

  private static void find(SessionFactory sessionFactory, long id) {
    Statistics statistics = sessionFactory.getStatistics();
    statistics.clear();
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
