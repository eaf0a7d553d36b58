package dev.cirrus.hibernate.it;

import java.util.ArrayList;
import java.util.List;

/** Reads a failure the way a user reads a stack trace: the whole chain of causes. */
final class Failures {

  private Failures() {}

  static List<Throwable> chain(Throwable thrown) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /** Every exception of the chain with its message, outermost first. */
  static String describe(Throwable thrown) {
    return String.join(" <- ", chain(thrown).stream().map(Throwable::toString).toList());
  }
}
