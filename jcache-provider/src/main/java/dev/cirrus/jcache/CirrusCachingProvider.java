package dev.cirrus.jcache;

import dev.cirrus.jcache.internal.config.ConfigResolver;
import dev.cirrus.jcache.internal.config.Environment;
import dev.cirrus.jcache.internal.config.ProviderConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The Cirrus JCache provider. Keeps one {@link CirrusCacheManager} per (URI, ClassLoader), as the
 * spec asks; a closed manager is forgotten so the next request makes a new one.
 *
 * <p>Concurrency: {@code managers} is guarded by {@code this}. Managers are created under that lock
 * (creation does no network I/O unless the config asks for caches at start).
 */
public final class CirrusCachingProvider implements CachingProvider {

  private final Map<ClassLoader, Map<URI, CirrusCacheManager>> managers = new WeakHashMap<>();
  private final ConfigResolver resolver;

  public CirrusCachingProvider() {
    this(Environment.system());
  }

  CirrusCachingProvider(Environment environment) {
    this.resolver = new ConfigResolver(environment);
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties props = properties == null ? new Properties() : properties;
    synchronized (this) {
      Map<URI, CirrusCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
      CirrusCacheManager manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        ProviderConfig config = resolver.resolve(managerUri, props, loader);
        manager = new CirrusCacheManager(this, managerUri, loader, props, config);
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return resolver.defaultUri();
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    for (CirrusCacheManager manager : drain(null)) {
      manager.close();
    }
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    for (CirrusCacheManager manager : drain(loader)) {
      manager.close();
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    CirrusCacheManager manager;
    synchronized (this) {
      Map<URI, CirrusCacheManager> byUri = managers.get(loader);
      manager = byUri == null ? null : byUri.remove(managerUri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Override
  public boolean isSupported(OptionalFeature feature) {
    // A remote cache hands out copies: store-by-reference cannot be offered.
    return false;
  }

  /** Called by a manager that closed itself, so the provider hands out a fresh one next time. */
  synchronized void forget(CirrusCacheManager manager) {
    Map<URI, CirrusCacheManager> byUri = managers.get(manager.getClassLoader());
    if (byUri != null && byUri.get(manager.getURI()) == manager) {
      byUri.remove(manager.getURI());
    }
  }

  /** Removes and returns the managers of one class loader, or of all when null; closing is the caller's. */
  private synchronized List<CirrusCacheManager> drain(ClassLoader loader) {
    List<CirrusCacheManager> drained = new ArrayList<>();
    if (loader == null) {
      managers.values().forEach(m -> drained.addAll(m.values()));
      managers.clear();
    } else {
      Map<URI, CirrusCacheManager> byUri = managers.remove(loader);
      if (byUri != null) {
        drained.addAll(byUri.values());
      }
    }
    return drained;
  }
}
