package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.CirrusException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keeps authority that outlasts one call honest. A change stream is authorized when it opens and
 * may stay open for days, past its token's expiry; every stream watched here is checked again on
 * each {@link #recheck} (the server runs one every second), and one whose token is no longer
 * accepted is ended with the refusal a new call with that token would get.
 */
public final class StreamGuard {
  private final Authenticator authenticator;
  private final Set<Watch> watched = ConcurrentHashMap.newKeySet();

  public StreamGuard(Authenticator authenticator) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
  }

  /**
   * Watches a stream of {@code caller}'s: {@code end} is called, once, with the refusal when its
   * token stops being accepted. Returns what stops watching (run it when the stream ends).
   */
  public Runnable watch(Caller caller, Consumer<CirrusException> end) {
    Watch watch = new Watch(requireNonNull(caller, "caller"), requireNonNull(end, "end"));
    watched.add(watch);
    return () -> watched.remove(watch);
  }

  /** Ends every watched stream whose token has expired (or is otherwise refused) by now. */
  public void recheck() {
    for (Watch watch : watched) {
      try {
        authenticator.recheck(watch.caller);
      } catch (CirrusException refusal) {
        if (watched.remove(watch)) {
          watch.end.accept(refusal);
        }
      }
    }
  }

  /** How many streams are watched. */
  public int watching() {
    return watched.size();
  }

  /** One watched stream; compared by identity, as two streams of one caller are two watches. */
  private static final class Watch {
    final Caller caller;
    final Consumer<CirrusException> end;

    Watch(Caller caller, Consumer<CirrusException> end) {
      this.caller = caller;
      this.end = end;
    }
  }
}
