package dev.cirrus.hibernate.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records what is logged through java.util.logging (where Hibernate logs too, with
 * {@code org.jboss.logging.provider=jdk}) while it is open: the lines a user would see.
 */
final class LogRecords extends Handler implements AutoCloseable {

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Formatter formatter = new SimpleFormatter();

  private LogRecords() {
    setLevel(Level.ALL);
  }

  static LogRecords capture() {
    LogRecords handler = new LogRecords();
    Logger.getLogger("").addHandler(handler);
    return handler;
  }

  /** Messages (formatted) of the records of one logger at one level. */
  List<String> messages(String logger, Level level) {
    return records.stream()
        .filter(r -> logger.equals(r.getLoggerName()) && level.equals(r.getLevel()))
        .map(formatter::formatMessage)
        .toList();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
