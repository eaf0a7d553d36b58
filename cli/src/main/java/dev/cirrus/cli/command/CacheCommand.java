package dev.cirrus.cli.command;

import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.cli.output.Output;
import dev.cirrus.jcache.internal.cache.ConfigurationDescriptor;
import dev.cirrus.jcache.internal.client.CacheDescription;
import dev.cirrus.jcache.internal.client.CirrusClient;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cirrus cache create|list|describe|flush|delete}: the caches of the token's account. */
@Command(name = "cache", description = "Create, list, describe, flush and delete caches.",
    subcommands = {CacheCommand.Create.class, CacheCommand.ListCaches.class,
        CacheCommand.Describe.class, CacheCommand.Flush.class, CacheCommand.Delete.class})
public final class CacheCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** The expiry kinds of JCache's standard policies, as the {@code --expiry} option names them. */
  enum Expiry { CREATED, ACCESSED, MODIFIED, TOUCHED }

  @Command(name = "create", description = {"Create the cache NAME.",
      "Applications open it with getCache(NAME) and see its expiry; --ttl gives every entry that"
          + " time to live, counted as --expiry says."})
  static final class Create extends ServerCommand {
    @Parameters(paramLabel = "NAME")
    private String name;

    @Option(names = "--ttl", paramLabel = "DURATION",
        description = "Expire entries this long after --expiry's event, e.g. 10m (default: never).")
    private String ttl;

    @Option(names = "--expiry", paramLabel = "KIND", defaultValue = "created",
        description = "What the TTL counts from: created (default), accessed, modified, touched.")
    private Expiry expiry;

    @Option(names = "--if-absent", description = "Succeed when the cache already exists.")
    private boolean ifAbsent;

    @Override
    int run(CirrusClient client, Output output) {
      MutableConfiguration<Object, Object> config = new MutableConfiguration<>();
      if (ttl != null) {
        Duration d = new Duration(TimeUnit.MILLISECONDS, Ttls.parse("--ttl", ttl).toMillis());
        config.setExpiryPolicyFactory(switch (expiry) {
          case CREATED -> CreatedExpiryPolicy.factoryOf(d);
          case ACCESSED -> AccessedExpiryPolicy.factoryOf(d);
          case MODIFIED -> ModifiedExpiryPolicy.factoryOf(d);
          case TOUCHED -> TouchedExpiryPolicy.factoryOf(d);
        });
      }
      CacheDescription created =
          client.createCache(name, ConfigurationDescriptor.encode(config), ifAbsent);
      output.result(describe(created), "created cache '" + created.name() + "'");
      return ExitCode.OK;
    }
  }

  @Command(name = "list", description = "List the caches of the token's account.")
  static final class ListCaches extends ServerCommand {
    @Override
    int run(CirrusClient client, Output output) {
      List<String> names = client.listCaches().stream().map(CacheDescription::name).sorted().toList();
      output.result(Map.of("caches", names), String.join(System.lineSeparator(), names));
      if (names.isEmpty()) {
        output.note("(no caches; create one with `cirrus cache create NAME`)");
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "describe", description = "Show the cache NAME: entries and settings.")
  static final class Describe extends ServerCommand {
    @Parameters(paramLabel = "NAME")
    private String name;

    @Override
    int run(CirrusClient client, Output output) {
      CacheDescription cache = CachePolicy.describe(client, name);
      Map<String, Object> doc = describe(cache);
      StringBuilder human = new StringBuilder();
      doc.forEach((k, v) -> {
        if (v instanceof Map<?, ?> settings) {
          settings.forEach((sk, sv) -> human.append(String.format("%-12s %s%n", sk,
              sk.equals("expiry") ? readableExpiry(String.valueOf(sv)) : sv)));
        } else {
          human.append(String.format("%-12s %s%n", k, v));
        }
      });
      output.result(doc, human.toString().stripTrailing());
      return ExitCode.OK;
    }
  }

  @Command(name = "flush", description = "Remove every entry of the cache NAME; keep the cache.")
  static final class Flush extends ServerCommand {
    @Parameters(paramLabel = "NAME")
    private String name;

    @Override
    int run(CirrusClient client, Output output) {
      long removed = client.flushCache(name);
      output.result(Map.of("cache", name, "removed", removed),
          "flushed cache '" + name + "' (" + removed + " entries removed)");
      return ExitCode.OK;
    }
  }

  @Command(name = "delete", description = "Delete the cache NAME and its entries.")
  static final class Delete extends ServerCommand {
    @Parameters(paramLabel = "NAME")
    private String name;

    @Override
    int run(CirrusClient client, Output output) {
      if (!client.deleteCache(name)) {
        throw CachePolicy.noSuchCache(name);
      }
      output.result(Map.of("cache", name, "deleted", true), "deleted cache '" + name + "'");
      return ExitCode.OK;
    }
  }

  /** {@code created:600000} as a person reads it: {@code created 10m}. */
  static String readableExpiry(String stored) {
    int colon = stored.indexOf(':');
    if (colon < 0 || !stored.substring(colon + 1).matches("\\d+")) {
      return stored;
    }
    return stored.substring(0, colon) + " "
        + Ttls.remaining(Long.parseLong(stored.substring(colon + 1)));
  }

  /** A cache as JSON: its name, entries, and the settings its creator stored (a properties text). */
  static Map<String, Object> describe(CacheDescription cache) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", cache.name());
    doc.put("entries", cache.entryCount());
    Properties stored = new Properties();
    try {
      stored.load(new StringReader(cache.clientConfig().toStringUtf8()));
    } catch (IOException e) {
      throw new IllegalStateException("reading a String cannot fail", e);
    }
    Map<String, String> settings = new TreeMap<>();
    for (String key : stored.stringPropertyNames()) {
      if (!key.equals("format")) {
        settings.put(key, stored.getProperty(key));
      }
    }
    doc.put("settings", settings);
    return doc;
  }
}
