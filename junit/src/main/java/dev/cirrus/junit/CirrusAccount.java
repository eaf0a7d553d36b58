package dev.cirrus.junit;

import dev.cirrus.jcache.CirrusCachingProvider;
import dev.cirrus.server.EmbeddedServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * A fresh account on the test's Cirrus server: its name, a token for it, the server's URI, and
 * CacheManagers of clients of it. Caches belong to the account, so tests with accounts of their
 * own never see each other's caches, even on one server.
 *
 * <p>{@link CirrusExtension} makes one per test (and one per class for a {@code @BeforeAll}
 * method or a constructor) and closes its CacheManagers when that scope ends.
 */
public final class CirrusAccount {
  /** The provider property carrying the token. */
  private static final String TOKEN_PROPERTY = "cirrus.token";

  private final EmbeddedServer server;
  private final String name;
  private final String token;
  private final ClassLoader classLoader;
  /** One per CacheManager: clients made here share no JCache state. */
  private final List<CirrusCachingProvider> providers = new ArrayList<>();
  private CacheManager cacheManager;

  CirrusAccount(EmbeddedServer server, ClassLoader classLoader) {
    this.server = server;
    this.name = EmbeddedServer.freshAccount();
    this.token = server.token(name);
    this.classLoader = classLoader;
  }

  /** The account's name, as tokens and the server name it. */
  public String name() {
    return name;
  }

  /** A token for this account with every permission, for {@code cirrus.token}. */
  public String token() {
    return token;
  }

  /** The server, {@code cirrus://127.0.0.1:PORT}, for {@code cirrus.uri}. */
  public URI uri() {
    return server.uri();
  }

  /** The CacheManager tests are handed: the same one for the whole test. */
  public synchronized CacheManager cacheManager() {
    if (cacheManager == null) {
      cacheManager = newCacheManager(new Properties());
    }
    return cacheManager;
  }

  /**
   * Another client of this account, e.g. to check that what the application wrote reached the
   * server; {@code keysAndValues} are more provider properties ({@code "cirrus.caches", "books"}).
   */
  public CacheManager newCacheManager(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("give provider properties as key, value pairs");
    }
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return newCacheManager(properties);
  }

  /** Another client of this account with these provider properties besides the token. */
  public synchronized CacheManager newCacheManager(Properties properties) {
    Properties withToken = new Properties();
    withToken.putAll(properties);
    withToken.setProperty(TOKEN_PROPERTY, token);
    CirrusCachingProvider provider = new CirrusCachingProvider();
    providers.add(provider);
    return provider.getCacheManager(uri(), classLoader, withToken);
  }

  /** Closes every CacheManager made here. */
  synchronized void close() {
    providers.forEach(CirrusCachingProvider::close);
    providers.clear();
    cacheManager = null;
  }
}
