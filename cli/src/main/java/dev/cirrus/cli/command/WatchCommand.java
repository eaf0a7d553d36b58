package dev.cirrus.cli.command;

import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.cli.connect.Failures;
import dev.cirrus.cli.output.Output;
import dev.cirrus.cli.output.StoredValue;
import dev.cirrus.jcache.internal.client.CacheChange;
import dev.cirrus.jcache.internal.client.ChangeStream;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.Subscription;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = {"Print the changes of CACHE as they happen (created,"
    + " updated, removed, expired, cleared) until Ctrl-C, --count changes, or the cache's deletion.",
    "JSON output is one document a line."})
public final class WatchCommand extends ServerCommand {

  /** Heartbeats tell a quiet stream from a broken one sooner than TCP would. */
  private static final long HEARTBEAT_MILLIS = 10_000;

  @Parameters(index = "0", paramLabel = "CACHE")
  private String cache;

  @Option(names = "--count", paramLabel = "N",
      description = "Stop after N changes (default: run until Ctrl-C).")
  private Integer count;

  @Option(names = "--no-values", negatable = false,
      description = "Print keys only, without the new values.")
  private boolean noValues;

  @Override
  int run(CirrusClient client, Output output) {
    if (count != null && count < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--count must be at least 1, was " + count);
    }
    CompletableFuture<CacheException> ended = new CompletableFuture<>();
    AtomicInteger printed = new AtomicInteger();
    ChangeStream stream = client.subscribe(
        new Subscription(cache, !noValues, HEARTBEAT_MILLIS), new ChangeStream.Listener() {
          @Override
          public void onEvent(CacheChange change) {
            if (print(change, output) && count != null && printed.incrementAndGet() >= count) {
              ended.complete(null);
            }
          }

          @Override
          public void onClosed(CacheException failure) {
            ended.complete(failure);
          }
        });
    // Ctrl-C ends the JVM: the stream is cancelled so the server frees it at once.
    Thread closer = new Thread(stream::close, "cirrus-watch-close");
    Runtime.getRuntime().addShutdownHook(closer);
    try {
      stream.awaitSubscribed(Duration.ofMillis(client.settings().callTimeout().toMillis()));
      output.note("watching cache '" + cache + "'" + (count == null ? " (Ctrl-C to stop)"
          : " for " + count + " change" + (count == 1 ? "" : "s")));
      CacheException failure = ended.get();
      if (failure != null) {
        throw Failures.of(failure);
      }
      return ExitCode.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.OK;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the future is only ever completed normally", e);
    } finally {
      stream.close();
      try {
        Runtime.getRuntime().removeShutdownHook(closer);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running already.
      }
    }
  }

  /** Prints a change of the cache; answers whether it was one (not a heartbeat). */
  private boolean print(CacheChange change, Output output) {
    if (change.type() == CacheChange.Type.SUBSCRIBED || change.type() == CacheChange.Type.HEARTBEAT
        || change.type() == CacheChange.Type.OTHER) {
      return false;
    }
    String type = change.type().name().toLowerCase(Locale.ROOT).replace('_', '-');
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cache", cache);
    doc.put("event", type);
    StringBuilder human = new StringBuilder(type);
    if (change.type().ofEntry()) {
      StoredValue key = StoredValue.decode(change.key());
      doc.putAll(key.fields("key"));
      doc.put("version", change.version());
      human.append(' ').append(key.text());
      if (change.value() != null) {
        StoredValue value = StoredValue.decode(change.value());
        doc.putAll(value.fields("value"));
        human.append(" = ").append(value.text());
      }
    }
    synchronized (output) {
      output.result(doc, human.toString());
    }
    return true;
  }
}
