package dev.cirrus.benchmarks.jmh;

import dev.cirrus.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A get of a present key on 10,000 keys with 100-byte values: Caffeine's JCache (store-by-value,
 * the ceiling), Cirrus through its near cache, and Cirrus without one (a loopback round trip to a
 * server in the same JVM). If the provider has no near cache yet, {@code cirrus-near} fails its
 * setup with "n/a (no near cache)".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class NearCacheBenchmark {

  private static final int KEYS = 10_000;

  @Param({"caffeine-jcache", "cirrus-near", "cirrus-remote"})
  public String target;

  private EmbeddedServer server;
  private CacheManager manager;
  private Cache<String, byte[]> cache;
  private final String[] keys = new String[KEYS];
  private final int[] order = new int[4096];
  private int next;

  @Setup
  public void setUp() throws Exception {
    for (int i = 0; i < KEYS; i++) {
      keys[i] = String.format("key-%05d", i);
    }
    Random random = new Random(3);
    for (int i = 0; i < order.length; i++) {
      order[i] = random.nextInt(KEYS);
    }
    ClassLoader loader = NearCacheBenchmark.class.getClassLoader();
    if (target.equals("caffeine-jcache")) {
      CachingProvider provider = Caching.getCachingProvider(
          "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
      manager = provider.getCacheManager(provider.getDefaultURI(), loader);
    } else {
      server = EmbeddedServer.start();
      String token = server.token("bench");
      CachingProvider provider = Caching.getCachingProvider("dev.cirrus.jcache.CirrusCachingProvider");
      if (target.equals("cirrus-near")) {
        // In the server's data dir, which closing the server deletes.
        Path config = server.dataDir().resolve("near.properties");
        Files.writeString(config, "cirrus.uri=" + server.uri() + "\ncirrus.token=" + token
            + "\ncirrus.default.near-cache.max-size=20000\n", StandardCharsets.UTF_8);
        try {
          manager = provider.getCacheManager(config.toUri(), loader);
        } catch (RuntimeException e) {
          throw new IllegalStateException("n/a (no near cache): " + e.getMessage(), e);
        }
      } else {
        Properties properties = new Properties();
        properties.setProperty("cirrus.token", token);
        manager = provider.getCacheManager(server.uri(), loader, properties);
      }
    }
    cache = manager.createCache("bench",
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    byte[] value = new byte[100];
    random.nextBytes(value);
    for (String key : keys) {
      cache.put(key, value);
    }
    for (String key : keys) {
      cache.get(key);
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    if (manager != null) {
      manager.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Benchmark
  public byte[] get() {
    int i = next;
    next = (i + 1) & (order.length - 1);
    return cache.get(keys[order[i]]);
  }
}
