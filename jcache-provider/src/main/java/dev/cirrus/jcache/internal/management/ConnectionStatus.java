package dev.cirrus.jcache.internal.management;

import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.management.ConnectionMXBean;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** {@link ConnectionMXBean} over a CacheManager's client: read live, moves counted as they happen. */
public final class ConnectionStatus implements ConnectionMXBean {

  private final CirrusClient client;
  private final AtomicLong failovers = new AtomicLong();

  public ConnectionStatus(CirrusClient client) {
    this.client = client;
    client.onNodeChange(node -> failovers.incrementAndGet());
  }

  @Override
  public String getCurrentEndpoint() {
    return client.endpoint().toString();
  }

  @Override
  public List<String> getEndpoints() {
    return client.settings().endpoints().stream().map(Endpoint::toString).toList();
  }

  @Override
  public long getFailovers() {
    return failovers.get();
  }
}
