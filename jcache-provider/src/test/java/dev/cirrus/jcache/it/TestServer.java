package dev.cirrus.jcache.it;

import dev.cirrus.jcache.CirrusCachingProvider;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.EmbeddedServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * A running {@link EmbeddedServer} and the clients a test made against it; closing it closes them
 * all, then the server. Every client gets its own provider instance, so tests share no JCache
 * state.
 */
public final class TestServer implements AutoCloseable {

  private final EmbeddedServer server;
  private final List<CirrusCachingProvider> providers = new ArrayList<>();

  TestServer(EmbeddedServer server) {
    this.server = server;
  }

  public String endpoint() {
    return server.uri().toString();
  }

  public CirrusServer server() {
    return server.server();
  }

  public String token(String account) {
    return server.token(account);
  }

  /** A fresh account name, so tests never see each other's caches. */
  public static String freshAccount() {
    return EmbeddedServer.freshAccount();
  }

  /** A CacheManager of a new client for the account. */
  public CacheManager manager(String account) {
    Properties props = new Properties();
    props.setProperty("cirrus.token", token(account));
    return manager(URI.create(endpoint()), props);
  }

  /** A CacheManager of a new client for the account, with more provider keys and values. */
  public CacheManager manager(String account, String... keysAndValues) {
    Properties props = new Properties();
    props.setProperty("cirrus.token", token(account));
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      props.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return manager(URI.create(endpoint()), props);
  }

  public synchronized CacheManager manager(URI uri, Properties properties) {
    CirrusCachingProvider provider = new CirrusCachingProvider();
    providers.add(provider);
    return provider.getCacheManager(uri, getClass().getClassLoader(), properties);
  }

  @Override
  public synchronized void close() {
    providers.forEach(CirrusCachingProvider::close);
    server.close();
  }
}
