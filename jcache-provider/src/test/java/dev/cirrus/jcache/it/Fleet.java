package dev.cirrus.jcache.it;

import dev.cirrus.jcache.CirrusCacheManager;
import dev.cirrus.jcache.CirrusCachingProvider;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.cache.CacheManager;

/**
 * Several Cirrus servers in this JVM over one data dir, so they share signing keys and accept one
 * another's tokens; their in-memory stores are their own, so a cache exists on a node only where it
 * was created. Closing it closes the clients made through it, then the servers.
 */
final class Fleet implements AutoCloseable {

  private final Path dataDir;
  private final List<EmbeddedServer> nodes = new ArrayList<>();
  private final List<CirrusCachingProvider> providers = new ArrayList<>();

  Fleet(int size) throws IOException {
    dataDir = Files.createTempDirectory("cirrus-fleet");
    try {
      for (int i = 0; i < size; i++) {
        nodes.add(EmbeddedServer.start(b -> b.dataDir(dataDir)));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** {@code cirrus://127.0.0.1:P1,127.0.0.1:P2,...}: every node. */
  URI uri() {
    return URI.create(Endpoint.toString(nodes.stream()
        .map(n -> Endpoint.parse(n.uri())).collect(Collectors.toList())));
  }

  EmbeddedServer node(Endpoint endpoint) {
    return nodes.stream().filter(n -> Endpoint.parse(n.uri()).equals(endpoint)).findFirst()
        .orElseThrow();
  }

  /** The data dir every node reads its signing keys from. */
  Path dataDir() {
    return dataDir;
  }

  List<EmbeddedServer> nodes() {
    return nodes;
  }

  /** Any node but {@code endpoint}. */
  EmbeddedServer other(Endpoint endpoint) {
    return nodes.stream().filter(n -> !Endpoint.parse(n.uri()).equals(endpoint)).findFirst()
        .orElseThrow();
  }

  String token(String account) {
    return nodes.get(0).token(account);
  }

  /** A manager of a new client over every node, with more provider keys and values. */
  CirrusCacheManager manager(String account, String... keysAndValues) {
    return manager(uri(), account, keysAndValues).unwrap(CirrusCacheManager.class);
  }

  /** A manager of a new client of one node. */
  CacheManager managerOn(EmbeddedServer node, String account) {
    return manager(node.uri(), account);
  }

  private synchronized CacheManager manager(URI uri, String account, String... keysAndValues) {
    Properties props = new Properties();
    props.setProperty("cirrus.token", token(account));
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      props.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    CirrusCachingProvider provider = new CirrusCachingProvider();
    providers.add(provider);
    return provider.getCacheManager(uri, getClass().getClassLoader(), props);
  }

  @Override
  public synchronized void close() {
    providers.forEach(CirrusCachingProvider::close);
    nodes.forEach(EmbeddedServer::close);
    try (Stream<Path> paths = Files.walk(dataDir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
