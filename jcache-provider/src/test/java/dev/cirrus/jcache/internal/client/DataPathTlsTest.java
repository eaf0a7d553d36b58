package dev.cirrus.jcache.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.jcache.it.TestCertificates;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.server.CirrusServer;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.cache.CacheException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data path of a {@code cirrus+tls://} client: trust failures name the problem and the fix,
 * and a data path that does not speak what the client reached gRPC with is left alone.
 */
class DataPathTlsTest {
  private static Path dir;
  private static TestCertificates certificate;
  private static CirrusServer server;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("cirrus-data-path-tls");
    certificate = TestCertificates.selfSigned(dir, "cirrus-test");
    server = CirrusServer.start(certificate.server(dir.resolve("data")).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ClientSettings settings(Path trust) {
    return new ClientSettings(Endpoint.parse(server.endpoint()),
        server.tokens().issue("acme", Duration.ofHours(1)), Duration.ofSeconds(5),
        Duration.ofSeconds(3), "client-" + UUID.randomUUID(), trust);
  }

  @Test
  void dataPathTrustingAnotherCertificate_isSetAside_callsGoByGrpc() throws Exception {
    TestCertificates stranger = TestCertificates.selfSigned(dir, "stranger");
    ClientSettings settings = settings(stranger.certificate());
    // gRPC trusts the server, so the client learns of the data path; the data path uses the
    // settings' trust, which is not the server's certificate.
    ManagedChannel trusting = NettyChannelBuilder.forAddress("127.0.0.1", server.port(),
            TlsChannelCredentials.newBuilder().trustManager(certificate.certificate().toFile()).build())
        .intercept(new ClientMetadata(settings.token(), settings.clientId())).build();
    try (CirrusClient client = new CirrusClient(List.of(trusting), settings)) {
      client.createCache("c", ByteString.EMPTY, false);
      long handshakes = server.dataPathStats().tlsHandshakes();
      long start = System.nanoTime();
      // The handshake fails before the hello: the call goes by gRPC, which trusts the server.
      assertFalse(client.get(GetRequest.newBuilder()
          .setCache("c").setKey(ByteString.copyFromUtf8("k")).build()).found());
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
      assertFalse(client.usesDataPath(), "set aside after the failed handshake");
      assertEquals(handshakes, server.dataPathStats().tlsHandshakes());
    }
  }

  @Test
  void dataPathToAHostTheCertificateDoesNotName_isRefused_callsGoByGrpc() throws Exception {
    TestCertificates elsewhere = TestCertificates.selfSigned(dir, "elsewhere", "dns:elsewhere.invalid");
    try (CirrusServer impostor = CirrusServer.start(elsewhere.server(dir.resolve("impostor")).build())) {
      ClientSettings settings = new ClientSettings(Endpoint.parse(impostor.endpoint()),
          impostor.tokens().issue("acme", Duration.ofHours(1)), Duration.ofSeconds(5),
          Duration.ofSeconds(3), "client-" + UUID.randomUUID(), elsewhere.certificate());
      // gRPC is told the name the certificate carries, so the client learns of the data path,
      // which it reaches at 127.0.0.1: a name the certificate does not carry.
      ManagedChannel named = NettyChannelBuilder.forAddress("127.0.0.1", impostor.port(),
              TlsChannelCredentials.newBuilder().trustManager(elsewhere.certificate().toFile()).build())
          .overrideAuthority("elsewhere.invalid")
          .intercept(new ClientMetadata(settings.token(), settings.clientId())).build();
      try (CirrusClient client = new CirrusClient(List.of(named), settings)) {
        client.createCache("c", ByteString.EMPTY, false);
        // The host name check refuses the data path's certificate: never used, gRPC serves.
        assertFalse(client.get(GetRequest.newBuilder()
            .setCache("c").setKey(ByteString.copyFromUtf8("k")).build()).found());
        assertFalse(client.usesDataPath());
        assertEquals(0, impostor.dataPathStats().requests());
      }
    }
  }

  @Test
  void tlsConnectionsTheServerClosedForIdleness_areReplacedUnseen() throws Exception {
    // The idle timeout also bounds the TLS handshake with the hello: long enough for a first
    // handshake on a loaded machine, short enough to wait for.
    try (CirrusServer idling = CirrusServer.start(certificate.server(dir.resolve("idling"))
            .dataIdleTimeout(Duration.ofMillis(1500)).build());
        CirrusClient client = CirrusClient.connect(new ClientSettings(
            Endpoint.parse(idling.endpoint()), idling.tokens().issue("acme", Duration.ofHours(1)),
            Duration.ofSeconds(5), Duration.ofSeconds(3), "client-" + UUID.randomUUID(),
            certificate.certificate()))) {
      client.createCache("c", ByteString.EMPTY, false);
      client.set(SetRequest.newBuilder().setCache("c").setWrite(Write.newBuilder()
          .setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v"))).build());
      assertTrue(client.usesDataPath());
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (idling.dataPathStats().idleClosed() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1, idling.dataPathStats().idleClosed());

      // Not idempotent: sent on a new TLS connection, never on the one the server closed.
      client.set(SetRequest.newBuilder().setCache("c").setWrite(Write.newBuilder()
          .setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("again"))).build());
      assertEquals(2, idling.dataPathStats().tlsHandshakes());
      // the create and the two sets
      assertEquals(3, idling.dataPathStats().requests());
    }
  }

  @Test
  void aServerThatDripsItsHandshake_isGivenUpOnWithinTheTimeout() throws Exception {
    try (ServerSocket dripping = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> {
        try (Socket client = dripping.accept()) {
          // A TLS handshake record header, then one byte at a time: each read is answered in
          // time, the handshake never ends.
          byte[] header = {0x16, 0x03, 0x03, 0x40, 0x00};
          client.getOutputStream().write(header);
          while (true) {
            Thread.sleep(100);
            client.getOutputStream().write(0x02);
          }
        } catch (IOException | InterruptedException e) {
          // the client gave up and closed
        }
      });
      server.setDaemon(true);
      server.start();
      ClientTls tls = ClientTls.of(settings(certificate.certificate()));
      try (Socket tcp = new Socket()) {
        tcp.connect(dripping.getLocalSocketAddress(), 1_000);
        long start = System.nanoTime();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
            () -> tls.handshake(tcp, "127.0.0.1", 700));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "gave up after " + millis + " ms");
        assertTrue(e.getMessage().contains("700 ms"), e.getMessage());
      }
    }
  }

  @Test
  void unreadableTrustFile_failsNamingTheFileAndSetting() {
    Path missing = dir.resolve("missing.pem");
    CacheException e = assertThrows(CacheException.class, () -> ClientTls.of(settings(missing)));
    assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
    assertTrue(e.getMessage().contains("cirrus.tls.trust-cert"), e.getMessage());
  }

  @Test
  void plaintextDataPath_advertisedToATlsClient_isNotUsed() {
    DescribeServerResponse plaintext = DescribeServerResponse.newBuilder()
        .setDataPort(server.dataPort()).setDataPortTls(false).build();
    DataPath grpc = null; // only the choice is asked here, no call is made
    ClientSettings settings = settings(certificate.certificate());
    ClientTls clientTls = ClientTls.of(settings);
    try (DataPaths paths = new DataPaths(grpc, settings.endpoints().get(0), settings, clientTls, () -> plaintext)) {
      assertFalse(paths.usesFastPath());
    }
    DescribeServerResponse tls = plaintext.toBuilder().setDataPortTls(true).build();
    try (DataPaths paths = new DataPaths(grpc, settings.endpoints().get(0), settings, clientTls, () -> tls)) {
      assertTrue(paths.usesFastPath());
    }
    assertEquals(true, server.dataPortTls());
  }

  private static String chain(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" / ");
    }
    return text.toString().toLowerCase(Locale.ROOT);
  }
}
