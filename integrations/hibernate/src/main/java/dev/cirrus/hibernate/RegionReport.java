package dev.cirrus.hibernate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The regions one SessionFactory uses, reported in one log line once the SessionFactory is built.
 * hibernate-jcache instead warns once per region it creates, which on a remote cache (where
 * creating regions on first use is the normal way) is noise that hides real warnings. Regions
 * created after startup (a query-results region named by a query when it first runs) are logged
 * at FINE.
 *
 * <p>Concurrency: startup regions come from the thread building the SessionFactory, later ones
 * from any session's thread; the map is concurrent and {@code reported} flips once.
 */
final class RegionReport {

  private static final Logger LOG = Logger.getLogger(CirrusRegionFactory.class.getName());

  private final String server;
  /** Region name → whether this SessionFactory created it (else it was already on the server). */
  private final Map<String, Boolean> regions = new ConcurrentSkipListMap<>();
  private final AtomicBoolean observed = new AtomicBoolean();
  private final AtomicBoolean reported = new AtomicBoolean();

  RegionReport(String server) {
    this.server = server;
  }

  /** True the first time only: the caller then registers for the end of startup. */
  boolean startObserving() {
    return observed.compareAndSet(false, true);
  }

  void found(String region) {
    record(region, false);
  }

  void created(String region) {
    record(region, true);
  }

  /** Logs the summary, once. */
  void report(String timestampsRegion, int tablesSeeded) {
    if (!reported.compareAndSet(false, true) || !LOG.isLoggable(Level.INFO)) {
      return;
    }
    List<String> created = new ArrayList<>();
    List<String> found = new ArrayList<>();
    regions.forEach((name, isNew) -> (isNew ? created : found).add(name));
    StringBuilder line = new StringBuilder("Hibernate second-level cache on Cirrus ").append(server)
        .append(": ").append(regions.size()).append(regions.size() == 1 ? " region" : " regions");
    if (!created.isEmpty()) {
      line.append(", created ").append(created.size()).append(' ').append(created);
    }
    if (!found.isEmpty()) {
      line.append(", existing ").append(found.size()).append(' ').append(found);
    }
    if (timestampsRegion != null) {
      line.append("; update timestamps in '").append(timestampsRegion).append("' never expire");
      if (tablesSeeded > 0) {
        line.append(" (").append(tablesSeeded).append(tablesSeeded == 1 ? " table" : " tables")
            .append(" given a first timestamp)");
      }
    }
    LOG.info(line.toString());
  }

  private void record(String region, boolean created) {
    regions.put(region, created);
    if (reported.get()) {
      LOG.fine(() -> (created ? "Created" : "Found") + " second-level cache region '" + region
          + "' on Cirrus " + server);
    }
  }
}
