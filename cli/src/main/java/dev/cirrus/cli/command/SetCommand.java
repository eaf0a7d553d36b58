package dev.cirrus.cli.command;

import com.google.protobuf.ByteString;
import dev.cirrus.cli.connect.CliException;
import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.cli.output.Output;
import dev.cirrus.cli.output.StoredValue;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.EntryWrite;
import dev.cirrus.jcache.internal.client.Ttl;
import dev.cirrus.jcache.internal.client.WriteOutcome;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "set", description = {"Store VALUE (a string) under KEY in CACHE.",
    "Without --ttl the cache's own expiry applies (as for an application's put): by default a new"
        + " entry never expires and an existing one keeps its expiry. Exit code 1 when a"
        + " conditional set (--if-absent, --if-present) did not apply."})
public final class SetCommand extends ServerCommand {

  /** Far above the server's default value limit (1 MiB); a bigger stdin is refused unread. */
  static final int MAX_STDIN_BYTES = 64 * 1024 * 1024;

  @Parameters(index = "0", paramLabel = "CACHE")
  private String cache;

  @Parameters(index = "1", paramLabel = "KEY", description = "A string key.")
  private String key;

  @Parameters(index = "2", paramLabel = "VALUE",
      description = "A string value; - reads it from standard input.")
  private String value;

  @Option(names = "--ttl", paramLabel = "DURATION",
      description = "Time to live, e.g. 30s, 10m, 2h, 1d (for a new and an updated entry).")
  private String ttl;

  @ArgGroup(exclusive = true)
  private Condition condition = new Condition();

  static final class Condition {
    @Option(names = "--if-absent", description = "Only create: leave an existing entry as it is.")
    boolean ifAbsent;

    @Option(names = "--if-present", description = "Only replace: create nothing.")
    boolean ifPresent;
  }

  @Override
  int run(CirrusClient client, Output output) {
    Ttl given = ttl == null ? null : Ttls.ttl("--ttl", ttl);
    ByteString bytes = StoredValue.encode(value.equals("-") ? readStdin() : value);
    ExpiryCalculator expiry = CachePolicy.of(client, cache);
    EntryWrite.Condition when = condition.ifAbsent ? EntryWrite.Condition.IF_ABSENT
        : condition.ifPresent ? EntryWrite.Condition.IF_PRESENT : EntryWrite.Condition.ALWAYS;
    WriteOutcome written = client.set(cache, EntryWrite.of(StoredValue.encode(key), bytes, when,
        given != null ? given : expiry.creationUpFront(),
        given != null ? given : expiry.updateUpFront(), false));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cache", cache);
    doc.put("key", key);
    doc.put("effect", written.effect().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    if (!written.applied()) {
      output.result(doc, "not set: " + (condition.ifAbsent ? "the entry exists (--if-absent)"
          : "there is no entry (--if-present)"));
      return ExitCode.MISS;
    }
    doc.put("version", written.version());
    doc.put("expiresInMillis", written.expiresInMillis() > 0 ? written.expiresInMillis() : null);
    output.result(doc, (written.created() ? "created" : "updated") + " (expires "
        + (written.expiresInMillis() > 0
        ? "in " + Ttls.remaining(written.expiresInMillis()) : "never") + ")");
    return ExitCode.OK;
  }

  private static String readStdin() {
    try {
      InputStream in = System.in;
      byte[] bytes = in.readNBytes(MAX_STDIN_BYTES + 1);
      if (bytes.length > MAX_STDIN_BYTES) {
        throw new CliException(ExitCode.USAGE, "The value on standard input is over "
            + MAX_STDIN_BYTES + " bytes; store a smaller value (the server's limit is set by"
            + " --max-value-bytes, 1 MiB by default)");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "Cannot read the value from standard input: "
          + e.getMessage());
    }
  }
}
