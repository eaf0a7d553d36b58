package dev.cirrus.cli.command;

import com.google.protobuf.ByteString;
import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.cli.output.Output;
import dev.cirrus.cli.output.StoredValue;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.ScanPage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keys", description = {"List the keys of CACHE (a scan, page by page; no entry's"
    + " expiry is touched).", "Human output prints one key a line; JSON one document with all keys"
    + " up to --limit."})
public final class KeysCommand extends ServerCommand {

  /** The server's default page limit (--max-batch-size). */
  private static final int PAGE = 1000;
  /** Bounds what one JSON document holds in memory. */
  private static final int MAX_LIMIT = 1_000_000;

  @Parameters(index = "0", paramLabel = "CACHE")
  private String cache;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "10000",
      description = "At most N keys (default ${DEFAULT-VALUE}, at most 1000000).")
  private int limit;

  @Option(names = "--values", description = "Also print each value.")
  private boolean values;

  @Override
  int run(CirrusClient client, Output output) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    CachePolicy.describe(client, cache);
    List<Object> listed = new ArrayList<>();
    ByteString cursor = ByteString.EMPTY;
    int count = 0;
    boolean more = true;
    while (more && count < limit) {
      ScanPage page = client.scan(cache, cursor, Math.min(PAGE, limit - count), values, null);
      for (ScanPage.Entry entry : page.entries()) {
        if (count == limit) {
          break;
        }
        count++;
        StoredValue key = StoredValue.decode(entry.key());
        if (output.json()) {
          listed.add(values ? entryDoc(key, StoredValue.decode(entry.value())) : key.fields("key").get("key"));
        } else {
          output.result(null, values
              ? key.text() + "\t" + StoredValue.decode(entry.value()).text() : key.text());
        }
      }
      cursor = page.nextCursor();
      more = !page.last();
    }
    if (output.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("cache", cache);
      doc.put(values ? "entries" : "keys", listed);
      doc.put("truncated", more);
      output.result(doc, null);
    } else if (more) {
      output.note("(stopped at --limit " + limit + "; there are more keys)");
    }
    return ExitCode.OK;
  }

  private static Map<String, Object> entryDoc(StoredValue key, StoredValue value) {
    Map<String, Object> doc = new LinkedHashMap<>(key.fields("key"));
    doc.putAll(value.fields("value"));
    return doc;
  }
}
