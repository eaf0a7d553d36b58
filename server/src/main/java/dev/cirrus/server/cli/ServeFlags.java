package dev.cirrus.server.cli;

import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.auth.Revocations;
import dev.cirrus.server.fastpath.DataPathLimits;
import dev.cirrus.server.feed.StreamQuota;
import dev.cirrus.server.limits.FairExecutor;
import dev.cirrus.server.limits.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** The flags of {@code serve}, in the order help lists them. */
final class ServeFlags {
  private static final Limits DEFAULTS = Limits.defaults();
  private static final Duration HUNDRED_MS = Duration.ofMillis(100);
  private static final long MIB = 1 << 20;

  static final Flag<String> HOST = Flag.of("host", "HOST", ServerConfig.DEFAULT_HOST,
      "address to listen on", Values.required("use an address such as 127.0.0.1 or 0.0.0.0"));
  static final Flag<Integer> PORT = Flag.of("port", "PORT",
      Integer.toString(ServerConfig.DEFAULT_PORT), "port to listen on; 0 picks a free one",
      Values.ints(0, 65_535));
  static final Flag<Integer> DATA_PORT = Flag.of("data-port", "PORT|off",
      "--port + 1, a free one when --port is 0", "port of the binary data path (fast point and batch calls, same host; TLS with --tls-cert); 0 picks a free one, off disables it",
      (source, text) -> text.equalsIgnoreCase("off") || text.equals("-1")
          ? ServerConfig.DATA_PORT_OFF : Values.intRange(source, text, 0, 65_535));
  static final Flag<Duration> DATA_IDLE_TIMEOUT = Flag.of("data-idle-timeout", "DURATION", "5m",
      "close a data path connection that sends no request for this long (it says GOODBYE; clients reconnect)",
      Values.atLeast(Values::duration, HUNDRED_MS,
          "is too short for clients between two calls; use at least 100ms, e.g. 5m"));
  static final Flag<Integer> HTTP_PORT = Flag.of("http-port", "PORT", "off",
      "port of the HTTP listener (same host; HTTPS with --tls-cert): GET /health (open to all), /metrics and /console (see --metrics-public); 0 picks a free one",
      Values.orDefault("off", Values.ints(0, 65_535)));
  static final Flag<Boolean> METRICS_PUBLIC = Flag.of("metrics-public", "true|false", "false",
      "let anyone who reaches --http-port read /metrics and the console's figures (for a scraper inside a private network); otherwise they need a token with the operator permission ('token --permissions operator')",
      Values::bool);
  static final Flag<Boolean> CACHE_METRICS = Flag.of("cache-metrics", "on|off", "on",
      "count every call per account and cache in /metrics and the console (method, outcome, latency, bytes); off spares that recording and keeps the server's own figures (connections, refusals, JVM)",
      ServeFlags::onOff);
  static final Flag<Path> DATA_DIR = Flag.of("data-dir", "DIR", "./.cirrus",
      "where the signing keys and the dev token live", Values.path("name a directory"));
  static final Flag<String> TLS_CERT = Flag.of("tls-cert", "FILE", null,
      "PEM certificate chain: serve TLS only (cirrus+tls://); needs --tls-key", Values::optionalText);
  static final Flag<String> TLS_KEY = Flag.of("tls-key", "FILE", null,
      "PEM private key (PKCS#8) of --tls-cert", Values::optionalText);
  static final Flag<Long> MEMORY_BUDGET = Flag.of("memory-budget", "SIZE", "half the JVM heap",
      "most memory the stored entries may use; beyond it entries are evicted",
      Values.atLeast(Values::size, MIB, "is too small; use at least 1m"));
  static final Flag<Boolean> DEV_MODE = Flag.of("dev-mode", "auto|true|false", "auto",
      "create and print a development token for account 'dev' on start; auto: only when --host is a loopback address (production servers get no such token)",
      Values.orDefault("auto", ServeFlags::devMode));
  static final Flag<Integer> MAX_KEY_BYTES = Flag.of("max-key-bytes", "SIZE",
      Integer.toString(DEFAULTS.maxKeyBytes()), "largest key", Values.intSizes(1));
  static final Flag<Integer> MAX_VALUE_BYTES = Flag.of("max-value-bytes", "SIZE",
      Integer.toString(DEFAULTS.maxValueBytes()), "largest value", Values.intSizes(1));
  static final Flag<Integer> MAX_BATCH_SIZE = Flag.of("max-batch-size", "N",
      Integer.toString(DEFAULTS.maxBatchSize()), "most items in one batch or scan page",
      Values.ints(1, 1_000_000));
  static final Flag<Integer> MAX_CACHES_PER_ACCOUNT = Flag.of("max-caches-per-account", "N",
      Integer.toString(DEFAULTS.maxCachesPerAccount()), "most caches one account may own",
      Values.ints(1, 1_000_000));
  static final Flag<Duration> MAX_TTL = Flag.of("max-ttl", "DURATION",
      DEFAULTS.maxTtl().toDays() + "d", "longest time to live an entry may be given",
      Values.atLeast(Values::duration, Duration.ofMillis(1), "must be longer than 0"));
  static final Flag<Integer> MAX_RESPONSE_BYTES = Flag.of("max-response-bytes", "SIZE", "64m",
      "largest answer: a batch whose answer (values, previous values) would be larger is refused naming this limit, a scan page ends early; at least --max-key-bytes + --max-value-bytes",
      Values.intSizes(1));
  static final Flag<Long> ACCOUNT_MEMORY_QUOTA = Flag.of("account-memory-quota", "SIZE|off", "off",
      "most memory one account's entries may use (at least 1m); beyond it that account's own least used entries are evicted, not other accounts'",
      Values.orDefault("off", Values.atLeast(Values::size, MIB,
          "is too small for one account's entries; use at least 1m, or off")));
  static final Flag<Integer> ACCOUNT_RATE_LIMIT = Flag.of("account-rate-limit", "N/s|off", "off",
      "most requests per second one account may make, over every connection and door (a second's worth may come at once); beyond it calls are refused with RESOURCE_EXHAUSTED naming this limit",
      Values.orDefault("off", (source, text) -> Values.intRange(source,
          text.endsWith("/s") ? text.substring(0, text.length() - 2) : text, 1, 100_000_000)));
  static final Flag<Integer> ACCOUNT_QUEUED_CALLS = Flag.of("account-queued-calls", "N",
      Integer.toString(FairExecutor.DEFAULT_QUEUED_CALLS_PER_ACCOUNT),
      "most heavy gRPC calls (batches, scans, clears, cache listings) one account may have waiting for a worker (over a Redis store, its point calls too, counted apart); workers serve the accounts with calls waiting in turn, and a call beyond this is refused with RESOURCE_EXHAUSTED naming this limit",
      Values.ints(1, 1_000_000));
  static final Flag<Integer> MAX_CONFIG_BYTES = Flag.of("max-config-bytes", "SIZE",
      Integer.toString(DEFAULTS.maxConfigBytes()),
      "largest client configuration stored with a cache", Values.intSizes(1));
  static final Flag<Integer> MAX_REVOKED_TOKENS = Flag.of("max-revoked-tokens", "N",
      Integer.toString(Revocations.DEFAULT_MAX),
      "most token ids the revocation list ('token revoke') may hold; the server refuses to start with more",
      Values.ints(1, 100_000_000));
  static final Flag<Long> SUBSCRIBER_QUEUE_BYTES = Flag.of("subscriber-queue-bytes", "SIZE", "8m",
      "most bytes of change events (keys, values when asked for) one change stream may fall behind; beyond it the stream ends with RESOURCE_EXHAUSTED",
      Values.atLeast(Values::size, 64L << 10,
          "would end a subscriber at the first burst; use at least 64k, e.g. 8m"));
  static final Flag<Integer> MAX_STREAMS_PER_ACCOUNT = Flag.of("max-streams-per-account", "N",
      Integer.toString(StreamQuota.DEFAULT_PER_ACCOUNT),
      "most change streams one account may have open (a client holds one per cache with listeners or a near cache)",
      Values.ints(1, 1_000_000));
  static final Flag<Integer> MAX_STREAMS_PER_CONNECTION = Flag.of("max-streams-per-connection",
      "N", Integer.toString(StreamQuota.DEFAULT_PER_CONNECTION),
      "most change streams one client connection may have open", Values.ints(1, 1_000_000));
  static final Flag<Integer> DATA_MAX_CONNECTIONS = Flag.of("data-max-connections", "N",
      Integer.toString(DataPathLimits.DEFAULT_MAX_CONNECTIONS),
      "most authenticated data path connections at once; a hello beyond them is refused",
      Values.ints(1, 100_000));
  static final Flag<Integer> DATA_MAX_UNAUTHENTICATED = Flag.of("data-max-unauthenticated", "N",
      Integer.toString(DataPathLimits.DEFAULT_MAX_UNAUTHENTICATED),
      "most data path connections still in their TLS handshake or hello, counted apart from --data-max-connections (and at most it); a connection beyond them is refused",
      Values.ints(1, 100_000));
  static final Flag<Duration> DATA_HELLO_TIMEOUT = Flag.of("data-hello-timeout", "DURATION",
      DataPathLimits.DEFAULT_HELLO_TIMEOUT.toSeconds() + "s",
      "drop a data path connection that has not finished its TLS handshake and hello this long after connecting",
      Values.atLeast(Values::duration, HUNDRED_MS,
          "is too short for a TLS handshake and a hello; use at least 100ms, e.g. 5s"));
  static final Flag<Integer> DATA_MAX_CONNECTIONS_PER_ADDRESS = Flag.of(
      "data-max-connections-per-address", "N",
      Integer.toString(DataPathLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS),
      "most data path connections from one remote address", Values.ints(1, 100_000));
  static final Flag<Integer> DATA_MAX_CONNECTIONS_PER_ACCOUNT = Flag.of(
      "data-max-connections-per-account", "N",
      Integer.toString(DataPathLimits.DEFAULT_MAX_CONNECTIONS_PER_ACCOUNT),
      "most authenticated data path connections of one account", Values.ints(1, 100_000));
  static final Flag<Long> DATA_MAX_BYTES_IN_FLIGHT = Flag.of("data-max-bytes-in-flight", "SIZE",
      "a quarter of the JVM heap, at least 32m",
      "most request bytes the data path holds at once (beyond 16 KiB per frame); a frame that would exceed it is refused",
      Values.atLeast(Values::size, MIB,
          "is too small for the batches clients send; use at least 1m"));

  static final List<Flag<?>> ALL = Stream.concat(Stream.<Flag<?>>of(HOST, PORT, DATA_PORT,
      DATA_IDLE_TIMEOUT, HTTP_PORT, METRICS_PUBLIC, CACHE_METRICS, DATA_DIR, TLS_CERT, TLS_KEY, MEMORY_BUDGET,
      DEV_MODE, MAX_KEY_BYTES, MAX_VALUE_BYTES, MAX_BATCH_SIZE, MAX_CACHES_PER_ACCOUNT, MAX_TTL,
      MAX_RESPONSE_BYTES, ACCOUNT_MEMORY_QUOTA, ACCOUNT_RATE_LIMIT, ACCOUNT_QUEUED_CALLS,
      MAX_CONFIG_BYTES,
      MAX_REVOKED_TOKENS, SUBSCRIBER_QUEUE_BYTES, MAX_STREAMS_PER_ACCOUNT,
      MAX_STREAMS_PER_CONNECTION, DATA_MAX_CONNECTIONS, DATA_MAX_UNAUTHENTICATED,
      DATA_HELLO_TIMEOUT, DATA_MAX_CONNECTIONS_PER_ADDRESS, DATA_MAX_CONNECTIONS_PER_ACCOUNT,
      DATA_MAX_BYTES_IN_FLIGHT), StoreOption.FLAGS.stream()).toList();

  private ServeFlags() {}

  private static Boolean onOff(String source, String text) throws UsageException {
    try {
      return Values.bool(source, text);
    } catch (UsageException e) {
      throw new UsageException(source + ": '" + text + "' is not on or off");
    }
  }

  private static Boolean devMode(String source, String text) throws UsageException {
    try {
      return Values.bool(source, text);
    } catch (UsageException e) {
      throw new UsageException(source + ": '" + text + "' is not auto, true or false");
    }
  }
}
