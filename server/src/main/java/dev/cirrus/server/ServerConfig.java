package dev.cirrus.server;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.auth.Revocations;
import dev.cirrus.server.fastpath.DataPathLimits;
import dev.cirrus.server.feed.ChangeFeed;
import dev.cirrus.server.feed.StreamQuota;
import dev.cirrus.server.limits.AccountRateLimit;
import dev.cirrus.server.limits.FairExecutor;
import dev.cirrus.server.limits.Limits;
import dev.cirrus.server.store.InMemoryCacheStore;
import dev.cirrus.server.store.redis.RedisTarget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Everything a {@link CirrusServer} needs to start.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1}
 * @param port the port to bind; 0 picks a free one ({@link CirrusServer#port()} tells which)
 * @param dataDir where the signing keys (and, in dev mode, the dev token) live
 * @param limits request and account limits
 * @param memoryBudgetBytes the most the stored entries may weigh; beyond it entries are evicted
 * @param devMode whether the command line creates and prints a development token on start
 * @param clock the time source for entry expiry and token expiry (tests pass a fake one)
 * @param subscriberQueueCapacity change events one subscriber may lag behind before it is ended
 * @param sweepInterval how often entries that expired untouched are looked for and reported
 * @param tls the certificate and key to serve TLS with, or null to serve plaintext
 * @param dataPort the port of the binary data path: {@link #DATA_PORT_OFF} for none, {@link
 *     #DATA_PORT_DEFAULT} for the gRPC port + 1 (a free one when the gRPC port is 0), 0 for a free
 *     one; it speaks TLS exactly when {@code tls} is set
 * @param dataIdleTimeout how long a data path connection may go without sending a request before
 *     the server says GOODBYE and closes it
 * @param maxRevokedTokens the most token ids the data directory's revocation list may hold
 * @param subscriberQueueBytes the most bytes of change events (keys, and values when asked for)
 *     one subscriber may lag behind before it is ended
 * @param maxStreamsPerAccount the most change streams one account may have open
 * @param maxStreamsPerConnection the most change streams one client connection may have open
 * @param httpPort the HTTP listener's port (health, metrics, console; 0 for a free one), or
 *     {@link #HTTP_PORT_OFF}
 * @param dataPathLimits what data path clients may hold: connections (authenticated, still to say
 *     hello, per address, per account), the time for the hello, request bytes in flight
 * @param accountRateLimit requests per second one account may make, or {@link
 *     AccountRateLimit#OFF} (the default)
 * @param accountMemoryQuotaBytes the most one account's entries may weigh, beyond which its own
 *     entries are evicted; 0 (the default) for none but the memory budget
 * @param redisStore the Redis (Cluster) to keep caches and entries in, shared with every node
 *     pointed at it; null for the in-memory store of this process
 * @param metricsPublic whether anyone who reaches the HTTP listener may read {@code /metrics} and
 *     the console's figures; when false only tokens with the operator permission may
 * @param accountQueuedCalls the most heavy gRPC calls (batches, scans, clears, cache listings)
 *     one account may have waiting for a worker; beyond it they are refused. Over a Redis store
 *     the same bound applies, apart, to its point calls, which run on workers too
 * @param cacheMetrics whether each store call is counted per account and cache (method, outcome,
 *     latency, bytes); when false only the server's own figures are recorded
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    Limits limits,
    long memoryBudgetBytes,
    boolean devMode,
    Clock clock,
    int subscriberQueueCapacity,
    Duration sweepInterval,
    ServerTls tls,
    int dataPort,
    Duration dataIdleTimeout,
    int maxRevokedTokens,
    long subscriberQueueBytes,
    int maxStreamsPerAccount,
    int maxStreamsPerConnection,
    DataPathLimits dataPathLimits,
    int httpPort,
    int accountRateLimit,
    long accountMemoryQuotaBytes,
    RedisTarget redisStore,
    boolean metricsPublic,
    int accountQueuedCalls,
    boolean cacheMetrics) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7070;
  public static final Path DEFAULT_DATA_DIR = Path.of(".cirrus");
  /** {@link #dataPort()}: no data path. */
  public static final int DATA_PORT_OFF = -1;
  /** {@link #dataPort()}: the gRPC port + 1, or a free port when the gRPC port is 0. */
  public static final int DATA_PORT_DEFAULT = -2;
  /** {@link #httpPort()}: no HTTP listener (the default). */
  public static final int HTTP_PORT_OFF = -1;
  /** {@link #dataIdleTimeout()} unless set: long enough that a pooled client connection between bursts stays. */
  public static final Duration DEFAULT_DATA_IDLE_TIMEOUT = Duration.ofMinutes(5);

  public ServerConfig {
    requireNonNull(host, "host");
    requireNonNull(dataDir, "dataDir");
    requireNonNull(limits, "limits");
    requireNonNull(clock, "clock");
    requireNonNull(sweepInterval, "sweepInterval");
    requireNonNull(dataIdleTimeout, "dataIdleTimeout");
    requireNonNull(dataPathLimits, "dataPathLimits");
    if (dataIdleTimeout.toMillis() < 1) {
      throw new IllegalArgumentException(
          "dataIdleTimeout must be at least 1 ms, got " + dataIdleTimeout);
    }
    if (sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("sweepInterval must be positive, got " + sweepInterval);
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (dataPort < DATA_PORT_DEFAULT || dataPort > 65_535) {
      throw new IllegalArgumentException("dataPort must be 0..65535, or -1 for off, got " + dataPort);
    }
    if (httpPort < HTTP_PORT_OFF || httpPort > 65_535) {
      throw new IllegalArgumentException("httpPort must be 0..65535, or -1 for off, got " + httpPort);
    }
    if (memoryBudgetBytes <= 0) {
      throw new IllegalArgumentException("memoryBudgetBytes must be positive, got " + memoryBudgetBytes);
    }
    if (subscriberQueueCapacity < 2) {
      throw new IllegalArgumentException(
          "subscriberQueueCapacity must be at least 2, got " + subscriberQueueCapacity);
    }
    if (maxRevokedTokens < 1) {
      throw new IllegalArgumentException("maxRevokedTokens must be positive, got " + maxRevokedTokens);
    }
    if (subscriberQueueBytes < 1) {
      throw new IllegalArgumentException(
          "subscriberQueueBytes must be positive, got " + subscriberQueueBytes);
    }
    if (accountMemoryQuotaBytes < 0) {
      throw new IllegalArgumentException(
          "accountMemoryQuotaBytes must not be negative (0 is none), got " + accountMemoryQuotaBytes);
    }
    if (accountRateLimit < 0) {
      throw new IllegalArgumentException(
          "accountRateLimit must not be negative (0 is off), got " + accountRateLimit);
    }
    if (accountQueuedCalls < 1) {
      throw new IllegalArgumentException(
          "accountQueuedCalls must be positive, got " + accountQueuedCalls);
    }
    if (maxStreamsPerAccount < 1 || maxStreamsPerConnection < 1) {
      throw new IllegalArgumentException("maxStreamsPerAccount and maxStreamsPerConnection must be"
          + " positive, got " + maxStreamsPerAccount + " and " + maxStreamsPerConnection);
    }
  }

  /** Half the JVM's maximum heap: the rest is for requests, streams and the JVM itself. */
  public static long defaultMemoryBudgetBytes() {
    return Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 2);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .host(host)
        .port(port)
        .dataDir(dataDir)
        .limits(limits)
        .memoryBudgetBytes(memoryBudgetBytes)
        .devMode(devMode)
        .clock(clock)
        .subscriberQueueCapacity(subscriberQueueCapacity)
        .sweepInterval(sweepInterval)
        .tls(tls)
        .dataPort(dataPort)
        .dataIdleTimeout(dataIdleTimeout)
        .maxRevokedTokens(maxRevokedTokens)
        .subscriberQueueBytes(subscriberQueueBytes)
        .maxStreamsPerAccount(maxStreamsPerAccount)
        .maxStreamsPerConnection(maxStreamsPerConnection)
        .dataPathLimits(dataPathLimits)
        .httpPort(httpPort)
        .accountRateLimit(accountRateLimit)
        .accountMemoryQuotaBytes(accountMemoryQuotaBytes)
        .redisStore(redisStore)
        .metricsPublic(metricsPublic)
        .accountQueuedCalls(accountQueuedCalls)
        .cacheMetrics(cacheMetrics);
  }

  /** Whether the server listens with TLS ({@code cirrus+tls://}) rather than plaintext. */
  public boolean usesTls() {
    return tls != null;
  }

  /** The port to bind the data path to (0 for a free one), or {@link #DATA_PORT_OFF}. */
  public int effectiveDataPort() {
    if (dataPort == DATA_PORT_OFF) {
      return DATA_PORT_OFF;
    }
    if (dataPort == DATA_PORT_DEFAULT) {
      return port == 0 || port == 65_535 ? 0 : port + 1;
    }
    return dataPort;
  }

  /** Defaults: 127.0.0.1:7070, data dir {@code ./.cirrus}, dev mode, default limits and budget. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Path dataDir = DEFAULT_DATA_DIR;
    private Limits limits = Limits.defaults();
    private long memoryBudgetBytes = defaultMemoryBudgetBytes();
    private boolean devMode = true;
    private Clock clock = Clock.systemUTC();
    private int subscriberQueueCapacity = ChangeFeed.DEFAULT_QUEUE_CAPACITY;
    private Duration sweepInterval = InMemoryCacheStore.DEFAULT_SWEEP_INTERVAL;
    private ServerTls tls;
    private int dataPort = DATA_PORT_DEFAULT;
    private Duration dataIdleTimeout = DEFAULT_DATA_IDLE_TIMEOUT;
    private int maxRevokedTokens = Revocations.DEFAULT_MAX;
    private long subscriberQueueBytes = ChangeFeed.DEFAULT_QUEUE_BYTES;
    private int maxStreamsPerAccount = StreamQuota.DEFAULT_PER_ACCOUNT;
    private int maxStreamsPerConnection = StreamQuota.DEFAULT_PER_CONNECTION;
    private DataPathLimits dataPathLimits = DataPathLimits.defaults();
    private int httpPort = HTTP_PORT_OFF;
    private int accountRateLimit = AccountRateLimit.OFF;
    private int accountQueuedCalls = FairExecutor.DEFAULT_QUEUED_CALLS_PER_ACCOUNT;
    private long accountMemoryQuotaBytes;
    private RedisTarget redisStore;
    private boolean metricsPublic;
    private boolean cacheMetrics = true;

    private Builder() {}

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder dataDir(Path value) {
      this.dataDir = value;
      return this;
    }

    public Builder limits(Limits value) {
      this.limits = value;
      return this;
    }

    public Builder memoryBudgetBytes(long value) {
      this.memoryBudgetBytes = value;
      return this;
    }

    public Builder devMode(boolean value) {
      this.devMode = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder subscriberQueueCapacity(int value) {
      this.subscriberQueueCapacity = value;
      return this;
    }

    public Builder sweepInterval(Duration value) {
      this.sweepInterval = value;
      return this;
    }

    /** Serve TLS only (gRPC and data path), with this PEM certificate chain and PKCS#8 PEM private key. */
    public Builder tls(Path certificateChain, Path privateKey) {
      return tls(new ServerTls(certificateChain, privateKey));
    }

    /** Serve TLS with {@code value}, or plaintext when null. */
    public Builder tls(ServerTls value) {
      this.tls = value;
      return this;
    }

    /** The data path's port: 0 for a free one, {@link #DATA_PORT_OFF}, {@link #DATA_PORT_DEFAULT}. */
    public Builder dataPort(int value) {
      this.dataPort = value;
      return this;
    }

    /** How long a data path connection may stay without a request before it is closed. */
    public Builder dataIdleTimeout(Duration value) {
      this.dataIdleTimeout = value;
      return this;
    }

    /** The most token ids the revocation list may hold (the server refuses to start with more). */
    public Builder maxRevokedTokens(int value) {
      this.maxRevokedTokens = value;
      return this;
    }

    /** The most bytes of change events one subscriber may lag behind before it is ended. */
    public Builder subscriberQueueBytes(long value) {
      this.subscriberQueueBytes = value;
      return this;
    }

    /** The most change streams one account may have open. */
    public Builder maxStreamsPerAccount(int value) {
      this.maxStreamsPerAccount = value;
      return this;
    }

    /** The most change streams one client connection may have open. */
    public Builder maxStreamsPerConnection(int value) {
      this.maxStreamsPerConnection = value;
      return this;
    }

    /** What data path clients may hold; {@link DataPathLimits#defaults()} unless set. */
    public Builder dataPathLimits(DataPathLimits value) {
      this.dataPathLimits = value;
      return this;
    }

    /** The HTTP listener's port: 0 for a free one, {@link #HTTP_PORT_OFF} (the default) for none. */
    public Builder httpPort(int value) {
      this.httpPort = value;
      return this;
    }

    /** Requests per second one account may make; {@link AccountRateLimit#OFF} (the default) for no limit. */
    public Builder accountRateLimit(int value) {
      this.accountRateLimit = value;
      return this;
    }

    /** The most one account's entries may weigh; 0 (the default) for no quota but the budget. */
    public Builder accountMemoryQuotaBytes(long value) {
      this.accountMemoryQuotaBytes = value;
      return this;
    }

    /** Keep caches in this Redis (Cluster); null (the default) for the in-memory store. */
    public Builder redisStore(RedisTarget value) {
      this.redisStore = value;
      return this;
    }

    /** Whether anyone may read {@code /metrics} and the console's figures; false unless set. */
    public Builder metricsPublic(boolean value) {
      this.metricsPublic = value;
      return this;
    }

    /** Heavy calls one account may have waiting for a worker; 64 unless set. */
    public Builder accountQueuedCalls(int value) {
      this.accountQueuedCalls = value;
      return this;
    }

    /** Whether each store call is counted per account and cache; true unless set. */
    public Builder cacheMetrics(boolean value) {
      this.cacheMetrics = value;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          host, port, dataDir, limits, memoryBudgetBytes, devMode, clock, subscriberQueueCapacity,
          sweepInterval, tls, dataPort, dataIdleTimeout, maxRevokedTokens, subscriberQueueBytes,
          maxStreamsPerAccount, maxStreamsPerConnection, dataPathLimits, httpPort, accountRateLimit,
          accountMemoryQuotaBytes, redisStore, metricsPublic, accountQueuedCalls, cacheMetrics);
    }
  }
}
