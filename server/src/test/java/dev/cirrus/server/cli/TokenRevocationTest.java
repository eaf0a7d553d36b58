package dev.cirrus.server.cli;

import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;
import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.Requests.get;
import static dev.cirrus.server.testing.Requests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.SubscribeRequest;
import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.EventRecorder;
import dev.cirrus.server.testing.ServerCalls;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code token revoke ID} against a running server: the token is refused within seconds on every
 * call and its open change stream ends; {@code token revoked} lists it; later servers refuse it.
 */
class TokenRevocationTest {
  private static final Pattern TOKEN_ID = Pattern.compile("Token id (\\S+) ");

  /** On the system clock: the command line issues tokens by it. */
  @RegisterExtension
  static final CirrusServerExtension server =
      new CirrusServerExtension(b -> b.clock(Clock.systemUTC()));

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String dataDir() {
    return server.dataDir().toString();
  }

  /** A token issued by the command line, and the id it printed. */
  private String[] issue() {
    assertEquals(0, run("token", "--account", CirrusServerExtension.ACCOUNT, "--data-dir", dataDir()));
    Matcher id = TOKEN_ID.matcher(err());
    assertTrue(id.find(), "no token id printed: " + err());
    assertTrue(err().contains("token revoke " + id.group(1)), err());
    return new String[] {out().trim(), id.group(1)};
  }

  private static StatusRuntimeException refusedWithin5s(Runnable call) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      try {
        call.run();
      } catch (StatusRuntimeException e) {
        return e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the revoked token was still accepted after 5 s");
      }
      Thread.sleep(100);
    }
  }

  @Test
  void revokedToken_isRefusedWithinSeconds_itsStreamEnds_othersGoOn() throws Exception {
    String cache = server.newCache();
    String[] revoked = issue();
    String[] kept = issue();
    put(server.data(revoked[0], CLIENT_ID), cache, "k", "v");
    try (EventRecorder stream = EventRecorder.subscribe(
        DataPlaneGrpc.newStub(server.channel()).withCallCredentials(new BearerToken(revoked[0], CLIENT_ID)),
        SubscribeRequest.newBuilder().setCache(cache).build())) {
      assertEquals(0, run("token", "revoke", revoked[1], "--data-dir", dataDir()), err());
      assertTrue(out().startsWith("Revoked token " + revoked[1]), out());

      StatusRuntimeException refusal =
          refusedWithin5s(() -> get(server.data(revoked[0], CLIENT_ID), cache, "k"));
      assertEquals(Status.Code.UNAUTHENTICATED, refusal.getStatus().getCode());
      assertTrue(refusal.getStatus().getDescription().contains("revoked (token id " + revoked[1]),
          refusal.getStatus().getDescription());
      assertTrue(stream.awaitEnd(), "the revoked token's stream stayed open");
      assertEquals(Status.Code.UNAUTHENTICATED, Status.fromThrowable(stream.error()).getCode());
    }
    assertTrue(get(server.data(kept[0], CLIENT_ID), cache, "k").getFound());

    assertEquals(0, run("token", "revoked", "--data-dir", dataDir()));
    assertTrue(out().contains(revoked[1]), out());
    assertTrue(!out().contains(kept[1]), out());
    assertEquals(1, run("token", "revoke", revoked[1], "--data-dir", dataDir()));
    assertTrue(err().contains("already revoked"), err());

    // A server started later with this data directory refuses it from its start.
    try (CirrusServer later = CirrusServer.start(ServerConfig.builder().port(0).dataPort(-1)
        .dataDir(server.dataDir()).build())) {
      ErrorDetail detail = assertRefused(Status.Code.UNAUTHENTICATED, ErrorReason.TOKEN_INVALID,
          () -> ServerCalls.describeAccount(later, revoked[0]));
      assertTrue(detail.getMessage().contains("revoked"), detail.getMessage());
      assertEquals(CirrusServerExtension.ACCOUNT, ServerCalls.describeAccount(later, kept[0]));
    }
  }

  @Test
  void revoke_withoutIdOrWithABadOne_exit2_sayingWhatAnIdIs() {
    assertEquals(2, run("token", "revoke", "--data-dir", dataDir()));
    assertTrue(err().contains("token revoke needs the token's id"), err());
    assertEquals(2, run("token", "revoke", "not/an id", "--data-dir", dataDir()));
    assertTrue(err().contains("is not a token id"), err());
  }

  @Test
  void revoke_inADirectoryWithoutKeys_exit1() throws IOException {
    Path empty = Files.createTempDirectory("cirrus-no-keys-");
    try {
      assertEquals(1, run("token", "revoke", "abc", "--data-dir", empty.toString()));
      assertTrue(err().contains("no signing key"), err());
      assertEquals(0, run("token", "revoked", "--data-dir", empty.toString()));
      assertTrue(out().startsWith("No revoked tokens"), out());
    } finally {
      CirrusServerExtension.deleteRecursively(empty);
    }
  }

  @Test
  void theListIsBounded_theCommandAndTheServerSaySo() throws IOException {
    Path dir = Files.createTempDirectory("cirrus-revocations-");
    try {
      assertEquals(0, run("keys", "rotate", "--data-dir", dir.toString()));
      assertEquals(0, run("token", "revoke", "first", "--data-dir", dir.toString(),
          "--max-revoked-tokens", "1"));
      assertEquals(1, run("token", "revoke", "second", "--data-dir", dir.toString(),
          "--max-revoked-tokens", "1"));
      assertTrue(err().contains("holds 1 token ids, its limit (--max-revoked-tokens)"), err());
      assertEquals(0, run("token", "revoke", "second", "--data-dir", dir.toString()));

      IOException refused = assertThrows(IOException.class, () -> CirrusServer.start(
          ServerConfig.builder().port(0).dataPort(-1).dataDir(dir).maxRevokedTokens(1).build()));
      assertTrue(refused.getMessage().contains("holds more than 1 token ids"), refused.getMessage());
    } finally {
      CirrusServerExtension.deleteRecursively(dir);
    }
  }
}
