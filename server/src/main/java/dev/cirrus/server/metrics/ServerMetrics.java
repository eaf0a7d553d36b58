package dev.cirrus.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.store.CacheStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * One server's metrics: a Prometheus registry holding the per-cache meters ({@link
 * #meter(CacheStore)}), the doors' refusals of calls no cache saw ({@link Refusals}), connections
 * per transport, health per part, the JVM's memory, GC, threads,
 * class loading, CPU and uptime, and a short history of the headline figures for the console
 * ({@link StatsHistory}). One per server, so servers sharing a JVM (tests) never mix figures.
 */
public final class ServerMetrics implements AutoCloseable {
  /** How often the console's history takes a sample, and how many it keeps (ten minutes). */
  public static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(2);
  public static final int HISTORY_SAMPLES = 300;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<String, IntSupplier> connections = new ConcurrentHashMap<>();
  private final Refusals refusals = new Refusals(registry);
  private final int maxPairs;
  private final int maxPerAccount;
  private final boolean perCall;
  private volatile LabelBudget labels;
  private volatile StatsHistory history;
  private volatile ScheduledFuture<?> sampling;

  /**
   * Label pairs as {@link LabelBudget} caps them.
   *
   * @param perCall whether {@link #meter} counts each store call per cache; without it (to weigh
   *     what recording costs, or to spare it) the store is left bare and only the server's own
   *     figures are served
   */
  public ServerMetrics(int maxPairs, int maxPerAccount, boolean perCall) {
    this.maxPairs = maxPairs;
    this.maxPerAccount = maxPerAccount;
    this.perCall = perCall;
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** With the default caps of {@link LabelBudget}, counting each call per cache. */
  public ServerMetrics() {
    this(LabelBudget.DEFAULT_MAX_PAIRS, LabelBudget.DEFAULT_MAX_PER_ACCOUNT, true);
  }

  /**
   * {@code store}, with every data call counted per account and cache (unless this counts no
   * calls: then {@code store} itself); call once.
   */
  public synchronized CacheStore meter(CacheStore store) {
    if (labels != null) {
      throw new IllegalStateException("a store is metered already");
    }
    labels = new LabelBudget(registry, store, maxPairs, maxPerAccount);
    history = new StatsHistory(labels, connections, HISTORY_SAMPLES);
    Gauge.builder("cirrus.metrics.label.pairs", labels, LabelBudget::pairsInUse)
        .description("account/cache label pairs in use, of at most " + maxPairs)
        .register(registry);
    return perCall ? new MeteredCacheStore(store, labels) : store;
  }

  /** Whether each store call is counted per cache. */
  public boolean perCall() {
    return perCall;
  }

  /** The doors' refusals of calls that no cache's meters saw. */
  public Refusals refusals() {
    return refusals;
  }

  /** Counts {@code transport}'s open connections ({@code grpc}, {@code data}, {@code http}). */
  public void connections(String transport, IntSupplier open) {
    requireNonNull(open, "open");
    if (connections.putIfAbsent(transport, open) == null) {
      Gauge.builder("cirrus.connections", open, IntSupplier::getAsInt)
          .tag("transport", transport).description("connections open, by transport")
          .strongReference(true).register(registry);
    }
  }

  /** Reports whether {@code part} (e.g. {@code store}) is up, as 1 or 0. */
  public void health(String part, BooleanSupplier up) {
    requireNonNull(up, "up");
    Gauge.builder("cirrus.up", up, u -> u.getAsBoolean() ? 1 : 0)
        .tag("part", part).description("1 while the part serves, else 0")
        .strongReference(true).register(registry);
  }

  /** Samples the console's history every {@link #SAMPLE_INTERVAL} on {@code scheduler}. */
  public void startSampling(ScheduledExecutorService scheduler) {
    StatsHistory h = requireHistory();
    h.sample();
    sampling = scheduler.scheduleWithFixedDelay(h::sampleSafely, SAMPLE_INTERVAL.toMillis(),
        SAMPLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Every meter in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public LabelBudget labels() {
    if (labels == null) {
      throw new IllegalStateException("no store is metered yet");
    }
    return labels;
  }

  public StatsHistory history() {
    return requireHistory();
  }

  private StatsHistory requireHistory() {
    if (history == null) {
      throw new IllegalStateException("no store is metered yet");
    }
    return history;
  }

  /** Stops sampling and lets go of the JVM's GC notifications. Idempotent. */
  @Override
  public void close() {
    ScheduledFuture<?> s = sampling;
    if (s != null) {
      s.cancel(false);
    }
    gc.close();
    registry.close();
  }
}
