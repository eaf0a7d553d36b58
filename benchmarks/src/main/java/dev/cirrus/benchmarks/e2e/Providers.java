package dev.cirrus.benchmarks.e2e;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.cirrus.benchmarks.servers.Args;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/** Builds each target from the driver's arguments; each peer is configured as its docs suggest. */
final class Providers {

  private Providers() {}

  static Target create(String kind, Args args) throws IOException {
    ClassLoader loader = Providers.class.getClassLoader();
    return switch (kind) {
      case "cirrus" -> cirrus(args, loader);
      case "redisson" -> redisson(args, loader);
      case "hazelcast" -> hazelcast(args, loader);
      case "caffeine" -> caffeine(loader);
      case "grpc-echo" -> new GrpcEchoTarget(args.getInt("port"), new GrpcEchoTarget.Options(
          args.flag("direct"), args.flag("retry"), args.flag("deadline"), args.flag("headers"),
          Integer.parseInt(args.get("channels", "1"))));
      case "tcp-echo" -> new TcpEchoTarget(args.getInt("port"));
      default -> throw new IllegalArgumentException("unknown target kind '" + kind
          + "'; use cirrus, redisson, hazelcast, caffeine, grpc-echo or tcp-echo");
    };
  }

  private static Target cirrus(Args args, ClassLoader loader) throws IOException {
    // --uri names several nodes (cirrus://h1:p1,h2:p2); --port one node on loopback.
    String uri = args.get("uri", "").isBlank() ? "cirrus://127.0.0.1:" + args.getInt("port")
        : args.get("uri");
    String token = Files.readString(Path.of(args.get("token-file"))).trim();
    CachingProvider provider = Caching.getCachingProvider("dev.cirrus.jcache.CirrusCachingProvider");
    Properties properties = new Properties();
    properties.setProperty("cirrus.token", token);
    CacheManager manager = provider.getCacheManager(URI.create(uri), loader, properties);
    // The near cache is configured through a config file, as users configure it.
    Path nearConfig = Files.createTempFile("cirrus-near", ".properties");
    nearConfig.toFile().deleteOnExit();
    Files.writeString(nearConfig, "cirrus.uri=" + uri + "\n"
        + "cirrus.token-file=" + Path.of(args.get("token-file")).toAbsolutePath() + "\n"
        + "cirrus.default.near-cache.max-size=20000\n", StandardCharsets.UTF_8);
    return new JCacheTarget(manager, name -> cirrusNearCache(provider, nearConfig.toUri(), loader, name),
        List.of());
  }

  private static Target.NearCache cirrusNearCache(
      CachingProvider provider, URI config, ClassLoader loader, String name) {
    CacheManager near;
    try {
      near = provider.getCacheManager(config, loader);
    } catch (CacheException | IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("near-cache")) {
        return Target.NearCache.none("n/a (no near cache)");
      }
      throw e;
    }
    return Target.NearCache.of(new JCacheTarget.CacheDataset(JCacheTarget.open(near, name)));
  }

  private static Target redisson(Args args, ClassLoader loader) throws IOException {
    // Redisson's JCache provider reads its client config from the CacheManager URI.
    Path yaml = Files.createTempFile("redisson", ".yaml");
    yaml.toFile().deleteOnExit();
    Files.writeString(yaml, redissonConfig(args), StandardCharsets.UTF_8);
    CachingProvider provider = Caching.getCachingProvider("org.redisson.jcache.JCachingProvider");
    CacheManager manager = provider.getCacheManager(yaml.toUri(), loader);
    return new JCacheTarget(manager, name -> Target.NearCache.none(
        "n/a (Redisson's open-source JCache has no near cache)"), List.of());
  }

  /** One Redis on loopback ({@code --port}), or a Redis Cluster by its seed nodes ({@code --cluster h:p,...}). */
  private static String redissonConfig(Args args) {
    String cluster = args.get("cluster", "");
    if (cluster.isBlank()) {
      return "singleServerConfig:\n  address: \"redis://127.0.0.1:" + args.getInt("port") + "\"\n";
    }
    StringBuilder yaml = new StringBuilder("clusterServersConfig:\n  nodeAddresses:\n");
    for (String node : cluster.split(",")) {
      yaml.append("  - \"redis://").append(node.trim()).append("\"\n");
    }
    return yaml.toString();
  }

  private static Target hazelcast(Args args, ClassLoader loader) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(args.get("cluster", "cirrus-bench"));
    config.setProperty("hazelcast.logging.type", "jdk");
    config.getNetworkConfig().addAddress("127.0.0.1:" + args.getInt("port"));
    HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
    CachingProvider provider =
        Caching.getCachingProvider("com.hazelcast.client.cache.HazelcastClientCachingProvider");
    CacheManager manager = provider.getCacheManager(
        null, loader, HazelcastCachingProvider.propertiesByInstanceItself(client));
    return new JCacheTarget(manager, name -> Target.NearCache.none("n/a (not configured)"),
        List.of(client::shutdown));
  }

  private static Target caffeine(ClassLoader loader) {
    CachingProvider provider = Caching.getCachingProvider(
        "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
    CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), loader);
    // In-process, every hit is a near-cache hit: the ceiling for Cirrus's near cache.
    return new JCacheTarget(manager,
        name -> Target.NearCache.of(new JCacheTarget.CacheDataset(JCacheTarget.open(manager, name))),
        List.of());
  }
}
