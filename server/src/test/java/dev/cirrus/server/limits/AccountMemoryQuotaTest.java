package dev.cirrus.server.limits;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.CacheInfo;
import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DescribeCacheRequest;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.testing.CirrusServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --account-memory-quota}: an account writing far more than its share evicts its own
 * entries, so another account's entries stay, within the server's memory budget.
 */
class AccountMemoryQuotaTest {
  private static final long MIB = 1 << 20;
  private static final long QUOTA = 2 * MIB;

  @RegisterExtension
  static final CirrusServerExtension server = new CirrusServerExtension(
      b -> b.memoryBudgetBytes(6 * MIB).accountMemoryQuotaBytes(QUOTA));

  private static final ByteString VALUE = ByteString.copyFromUtf8("v".repeat(4000));

  private static void fill(String token, String cache, int entries) {
    server.control(token).createCache(CreateCacheRequest.newBuilder().setName(cache).build());
    for (int i = 0; i < entries; i += 100) {
      SetBatchRequest.Builder batch = SetBatchRequest.newBuilder().setCache(cache);
      for (int j = i; j < i + 100; j++) {
        batch.addWrites(Write.newBuilder().setKey(bytes("k" + j)).setValue(VALUE));
      }
      server.data(token, "c").setBatch(batch.build());
    }
  }

  private static CacheInfo describe(String token, String cache) {
    return server.control(token).describeCache(
        DescribeCacheRequest.newBuilder().setName(cache).build()).getCache();
  }

  @Test
  void accountWritingFarOverItsQuota_evictsOnlyItsOwnEntries() {
    String calm = server.token("calm");
    String greedy = server.token("greedy");
    fill(calm, "mine", 300);   // ~1.2 MiB, under the quota
    // ~40 MiB over two caches: six times the whole budget.
    fill(greedy, "a", 5000);
    fill(greedy, "b", 5000);

    long greedyWeight = describe(greedy, "a").getWeightBytes() + describe(greedy, "b").getWeightBytes();
    assertTrue(greedyWeight <= QUOTA, "the greedy account holds " + greedyWeight + " bytes");
    assertTrue(greedyWeight >= QUOTA / 2, "its newest entries stay: " + greedyWeight + " bytes");

    CacheInfo mine = describe(calm, "mine");
    assertEquals(300, mine.getEntryCount());
    GetBatchRequest.Builder read = GetBatchRequest.newBuilder().setCache("mine");
    for (int i = 0; i < 300; i++) {
      read.addKeys(bytes("k" + i));
    }
    server.data(calm, "c").getBatch(read.build()).getResultsList()
        .forEach(r -> assertEquals(VALUE, r.getValue()));
  }
}
