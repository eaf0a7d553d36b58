package dev.cirrus.cli.command;

import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.cli.output.Output;
import dev.cirrus.cli.output.StoredValue;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.ReadOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = {"Print the value of KEY in CACHE.",
    "Exit code 0 when found, 1 when there is no such entry. A get on a cache created with an"
        + " accessed or touched expiry extends the entry's life, as an application's get does."})
public final class GetCommand extends ServerCommand {

  @Parameters(index = "0", paramLabel = "CACHE")
  private String cache;

  @Parameters(index = "1", paramLabel = "KEY", description = "A string key.")
  private String key;

  @Override
  int run(CirrusClient client, Output output) {
    var expiry = CachePolicy.of(client, cache);
    ReadOutcome read = client.get(cache, StoredValue.encode(key), expiry.accessUpFront());
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cache", cache);
    doc.put("key", key);
    doc.put("found", read.found());
    if (!read.found()) {
      output.result(doc, null);
      output.note("(miss) no entry '" + key + "' in cache '" + cache + "'");
      return ExitCode.MISS;
    }
    StoredValue value = StoredValue.decode(read.value());
    doc.putAll(value.fields("value"));
    doc.put("version", read.version());
    doc.put("expiresInMillis", read.expiresInMillis() > 0 ? read.expiresInMillis() : null);
    output.result(doc, value.text());
    return ExitCode.OK;
  }
}
