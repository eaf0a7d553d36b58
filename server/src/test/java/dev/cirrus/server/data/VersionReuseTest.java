package dev.cirrus.server.data;

import static dev.cirrus.server.testing.Requests.put;
import static dev.cirrus.server.testing.Requests.set;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.CreateCacheRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc.DataPlaneBlockingStub;
import dev.cirrus.proto.v1.DeleteCacheRequest;
import dev.cirrus.proto.v1.SetCondition;
import dev.cirrus.proto.v1.WriteOutcome;
import dev.cirrus.proto.v1.WriteResult;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.EmbeddedServer;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A version a client remembers (an entry processor's compare-and-set) never matches a different
 * entry: not after the cache was deleted and created again, not after a restart.
 */
class VersionReuseTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();

  @Test
  void deleteAndRecreate_newEntriesNeverReuseAnOldVersion() {
    String cache = server.newCache();
    long remembered = put(server.data(), cache, "k", "old").getVersion();
    put(server.data(), cache, "other", "x");

    server.control().deleteCache(DeleteCacheRequest.newBuilder().setName(cache).build());
    server.control().createCache(CreateCacheRequest.newBuilder().setName(cache).build());
    // The server's clock does not move here, so only the store's memory of the deleted cache
    // keeps the new counter above the old one.
    long fresh = put(server.data(), cache, "k", "new").getVersion();
    assertTrue(fresh > remembered + 1, fresh + " must be above " + (remembered + 1));

    assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED,
        casOn(server.data(), cache, remembered).getOutcome());
  }

  @Test
  void restart_newEntriesNeverReuseAVersionOfTheLastRun() throws Exception {
    try (EmbeddedServer restarting = EmbeddedServer.start()) {
      long remembered = withData(restarting.server(), data -> {
        put(data, "c", "k", "a");
        return put(data, "c", "k", "b").getVersion();
      });
      restarting.restart();
      WriteResult cas = withData(restarting.server(), data -> {
        // As many writes as the last run made, so a counter that restarted lands on its version.
        put(data, "c", "k", "a2");
        put(data, "c", "k", "b2");
        return casOn(data, "c", remembered);
      });
      assertEquals(WriteOutcome.WRITE_OUTCOME_NOT_APPLIED, cas.getOutcome());
      assertTrue(cas.getVersion() > remembered, cas.getVersion() + " > " + remembered);
    }
  }

  private static WriteResult casOn(DataPlaneBlockingStub data, String cache, long version) {
    return set(data, cache, write("k", "processor result")
        .setCondition(SetCondition.SET_CONDITION_VERSION_EQUALS).setExpectedVersion(version));
  }

  private interface DataCall<T> {
    T run(DataPlaneBlockingStub data);
  }

  /** Creates cache "c" if absent on {@code server} and runs {@code call} with a data stub. */
  private static <T> T withData(CirrusServer server, DataCall<T> call) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      BearerToken token = new BearerToken(
          server.tokens().issue(CirrusServerExtension.ACCOUNT, Duration.ofMinutes(5)), "versions");
      dev.cirrus.proto.v1.ControlPlaneGrpc.newBlockingStub(channel).withCallCredentials(token)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .createCache(CreateCacheRequest.newBuilder().setName("c").setIfAbsent(true).build());
      return call.run(dev.cirrus.proto.v1.DataPlaneGrpc.newBlockingStub(channel)
          .withCallCredentials(token).withDeadlineAfter(10, TimeUnit.SECONDS));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
