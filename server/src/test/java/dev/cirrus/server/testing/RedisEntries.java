package dev.cirrus.server.testing;

import dev.cirrus.server.EmbeddedRedisCluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Where the Redis store keeps a test's entries, read from the masters themselves. */
public final class RedisEntries {
  private RedisEntries() {}

  /**
   * The keys starting with {@code keyPrefix} whose entries live on {@code master} (any cache):
   * an entry is the string {@code cirrus:{bucket}:e:KEY} on the master serving its bucket's slot.
   */
  public static List<String> keysOn(EmbeddedRedisCluster redis, int master, String keyPrefix)
      throws IOException, InterruptedException {
    List<String> keys = new ArrayList<>();
    for (String line : redis.cli(master, "--scan", "--pattern", "cirrus:*:e:" + keyPrefix + "*")
        .lines().toList()) {
      int at = line.indexOf(":e:");
      if (at >= 0) {
        keys.add(line.substring(at + 3));
      }
    }
    return keys;
  }
}
