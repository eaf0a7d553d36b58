package dev.cirrus.server.store.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Where one cache incarnation's data lives in Redis. A cache is split into {@link #BUCKETS}
 * buckets by a hash of the key bytes; each bucket's keys share the hash tag
 * {@code {incarnation.bucket}}, so the buckets spread over the cluster's slots (and so its
 * shards) while every key of one bucket sits on one shard, where a script can change an entry,
 * its index rows and the bucket's statistics atomically and publish the change on the bucket's
 * shard channel.
 *
 * <pre>
 * cirrus:{inc.b}:d        tombstone: set when the cache is deleted (scripts then refuse)
 * cirrus:{inc.b}:m        hash of the bucket's statistics: count, bytes
 * cirrus:{inc.b}:k        sorted set of the bucket's keys (scan, clear)
 * cirrus:{inc.b}:x        sorted set of keys by expiry time (the sweeper)
 * cirrus:{inc.b}:e:KEY    one entry: "version:expiry:" then the value (see PackedEntry)
 * cirrus:{inc.b}:ch       shard channel of the bucket's change events
 * </pre>
 */
final class BucketKeys {
  /**
   * Buckets per cache: enough to spread a cache over the shards of a cluster of several masters,
   * few enough that a scan, clear or statistics read (one call per bucket) stays cheap.
   */
  static final int BUCKETS = 16;

  private static final String PREFIX = "cirrus:";

  private final String incarnation;
  private final byte[][] dead = new byte[BUCKETS][];
  private final byte[][] meta = new byte[BUCKETS][];
  private final byte[][] index = new byte[BUCKETS][];
  private final byte[][] expiry = new byte[BUCKETS][];
  private final byte[][] entryPrefix = new byte[BUCKETS][];
  private final byte[][] channel = new byte[BUCKETS][];
  private final byte[][] keyBase = new byte[BUCKETS][];
  private final int[] slot = new int[BUCKETS];

  BucketKeys(String incarnation) {
    this.incarnation = incarnation;
    for (int b = 0; b < BUCKETS; b++) {
      String base = PREFIX + "{" + incarnation + "." + b + "}:";
      dead[b] = (base + "d").getBytes(UTF_8);
      meta[b] = (base + "m").getBytes(UTF_8);
      index[b] = (base + "k").getBytes(UTF_8);
      expiry[b] = (base + "x").getBytes(UTF_8);
      entryPrefix[b] = (base + "e:").getBytes(UTF_8);
      channel[b] = (base + "ch").getBytes(UTF_8);
      keyBase[b] = base.getBytes(UTF_8);
      slot[b] = SlotHash.getSlot(dead[b]);
    }
  }

  String incarnation() {
    return incarnation;
  }

  /**
   * The positions of a batch's items grouped by their key's bucket: one list per bucket, in
   * bucket order, each in the items' order (empty for a bucket no item falls in).
   */
  static <R> List<List<Integer>> itemsByBucket(List<R> items, Function<R, ByteString> keyOf) {
    List<List<Integer>> buckets = new ArrayList<>(BUCKETS);
    for (int b = 0; b < BUCKETS; b++) {
      buckets.add(new ArrayList<>());
    }
    for (int i = 0; i < items.size(); i++) {
      buckets.get(bucketOf(keyOf.apply(items.get(i)))).add(i);
    }
    return buckets;
  }

  /** The bucket of a key: the same on every node, as it depends on the key bytes only. */
  static int bucketOf(ByteString key) {
    CRC32 crc = new CRC32();
    crc.update(key.asReadOnlyByteBuffer());
    return (int) (crc.getValue() % BUCKETS);
  }

  byte[] meta(int bucket) {
    return meta[bucket];
  }

  byte[] channel(int bucket) {
    return channel[bucket];
  }

  byte[] entryPrefix(int bucket) {
    return entryPrefix[bucket];
  }

  /**
   * What every key of the bucket starts with, {@code cirrus:{inc.b}:}: a node script (which
   * declares no keys) names the bucket's keys from it, adding the suffixes above.
   */
  byte[] base(int bucket) {
    return keyBase[bucket];
  }

  /** The cluster slot of every key of the bucket (they share its hash tag). */
  int slot(int bucket) {
    return slot[bucket];
  }

  /** The keys of a per-key script: tombstone, statistics, index, expiry, entry. */
  byte[][] forKey(int bucket, ByteString key) {
    return new byte[][] {dead[bucket], meta[bucket], index[bucket], expiry[bucket],
        entry(bucket, key)};
  }

  /**
   * The keys of a plain read of several entries of one bucket: its tombstone, then the entries
   * (one slot, so one MGET reads them all at one instant).
   */
  byte[][] forRead(int bucket, List<ByteString> keys) {
    byte[][] all = new byte[1 + keys.size()][];
    all[0] = dead[bucket];
    for (int i = 0; i < keys.size(); i++) {
      all[1 + i] = entry(bucket, keys.get(i));
    }
    return all;
  }

  /** The Redis key of one entry: the bucket's entry prefix, then the key's bytes. */
  private byte[] entry(int bucket, ByteString key) {
    byte[] prefix = entryPrefix[bucket];
    byte[] entry = new byte[prefix.length + key.size()];
    System.arraycopy(prefix, 0, entry, 0, prefix.length);
    key.copyTo(entry, prefix.length);
    return entry;
  }

  /** The keys of a script on several entries of one bucket: tombstone, statistics, index, expiry, entries. */
  byte[][] forKeys(int bucket, List<ByteString> keys) {
    byte[][] all = new byte[4 + keys.size()][];
    all[0] = dead[bucket];
    all[1] = meta[bucket];
    all[2] = index[bucket];
    all[3] = expiry[bucket];
    for (int i = 0; i < keys.size(); i++) {
      all[4 + i] = entry(bucket, keys.get(i));
    }
    return all;
  }

  /** The keys of a whole-bucket script: tombstone, statistics, index, expiry. */
  byte[][] forBucket(int bucket) {
    return new byte[][] {dead[bucket], meta[bucket], index[bucket], expiry[bucket]};
  }

  /** The incarnation and bucket a channel of this layout names, or null for another channel. */
  static ChannelName parseChannel(byte[] channel) {
    String name = new String(channel, UTF_8);
    int open = name.indexOf('{');
    int dot = name.lastIndexOf('.');
    int close = name.indexOf('}');
    if (!name.startsWith(PREFIX) || open < 0 || dot < open || close < dot || !name.endsWith(":ch")) {
      return null;
    }
    try {
      return new ChannelName(name.substring(open + 1, dot),
          Integer.parseInt(name.substring(dot + 1, close)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  record ChannelName(String incarnation, int bucket) {}

  /** The registry of an account's caches: a hash of name → {@link CacheRecord}. */
  static byte[] registry(String account) {
    return (PREFIX + "{a." + account + "}:caches").getBytes(UTF_8);
  }

  /** The set of every live incarnation, which the sweepers walk. */
  static byte[] incarnations() {
    return (PREFIX + "{incarnations}").getBytes(UTF_8);
  }
}
