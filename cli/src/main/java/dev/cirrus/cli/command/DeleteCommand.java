package dev.cirrus.cli.command;

import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.cli.output.Output;
import dev.cirrus.cli.output.StoredValue;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.EntryRemoval;
import dev.cirrus.jcache.internal.client.RemovalOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = {"Delete the entry KEY of CACHE.",
    "Exit code 1 when there was no such entry. (To delete a cache: cirrus cache delete NAME.)"})
public final class DeleteCommand extends ServerCommand {

  @Parameters(index = "0", paramLabel = "CACHE")
  private String cache;

  @Parameters(index = "1", paramLabel = "KEY", description = "A string key.")
  private String key;

  @Override
  int run(CirrusClient client, Output output) {
    RemovalOutcome removed = client.delete(cache, EntryRemoval.always(StoredValue.encode(key), false));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cache", cache);
    doc.put("key", key);
    doc.put("deleted", removed.removed());
    output.result(doc, removed.removed() ? "deleted" : "(miss) no entry '" + key + "'");
    return removed.removed() ? ExitCode.OK : ExitCode.MISS;
  }
}
