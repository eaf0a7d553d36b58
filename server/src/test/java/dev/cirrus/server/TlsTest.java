package dev.cirrus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DescribeServerRequest;
import dev.cirrus.server.auth.TokenIssuer;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.SelfSignedCertificate;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server started with a certificate and key: TLS only, for clients that trust the certificate. */
class TlsTest {
  private static Path dir;
  private static SelfSignedCertificate certificate;
  private static CirrusServer server;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("cirrus-tls-");
    certificate = SelfSignedCertificate.create(dir, "cirrus-test");
    server = CirrusServer.start(ServerConfig.builder().port(0).dataDir(dir.resolve("data"))
        .tls(certificate.certificate(), certificate.privateKey()).build());
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    CirrusServerExtension.deleteRecursively(dir);
  }

  private static String describeAccount(String host, ChannelCredentials credentials)
      throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress(host, server.port(), credentials).build();
    try {
      return ControlPlaneGrpc.newBlockingStub(channel)
          .withCallCredentials(new BearerToken(server.tokens().issue("acme", Duration.ofHours(1)), "tls"))
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .describeServer(DescribeServerRequest.getDefaultInstance())
          .getAccount();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static ChannelCredentials trusting(Path cert) throws IOException {
    return TlsChannelCredentials.newBuilder().trustManager(cert.toFile()).build();
  }

  @Test
  void clientTrustingTheCertificate_isServed_byAddressAndByName() throws Exception {
    assertEquals("acme", describeAccount("127.0.0.1", trusting(certificate.certificate())));
    assertEquals("acme", describeAccount("localhost", trusting(certificate.certificate())));
  }

  @Test
  void endpointAndTokens_nameTheTlsScheme() throws Exception {
    assertEquals("cirrus+tls://127.0.0.1:" + server.port(), server.endpoint());
    String token = server.tokens().issue("acme", Duration.ofHours(1));
    String payload = token.split("\\.")[1];
    String json = new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"" + TokenIssuer.ENDPOINT_CLAIM + "\":\"cirrus+tls://127.0.0.1:"
        + server.port() + "\""), json);
  }

  @Test
  void plaintextClient_isRefusedQuickly_notLeftHanging() {
    long start = System.nanoTime();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> describeAccount("127.0.0.1", InsecureChannelCredentials.create()));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e::toString);
    assertTrue(millis < 5_000, "refused after " + millis + " ms");
  }

  @Test
  void clientNotTrustingTheCertificate_isRefused_namingTheTlsFailure() throws Exception {
    SelfSignedCertificate stranger = SelfSignedCertificate.create(dir, "someone-else");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> describeAccount("127.0.0.1", trusting(stranger.certificate())));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e::toString);
    String chain = describeChain(e);
    assertTrue(chain.contains("ssl") || chain.contains("handshake") || chain.contains("certificat"),
        chain);
  }

  @Test
  void clientWithTheJdkTrustStore_isRefused() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> describeAccount("127.0.0.1", TlsChannelCredentials.create()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e::toString);
    assertTrue(describeChain(e).contains("certificat") || describeChain(e).contains("pkix"),
        describeChain(e));
  }

  @Test
  void plaintextGarbage_onTheTlsPort_isDropped_serverKeepsServing() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The server answers a non-TLS record by closing: read drains whatever it sent, then ends.
      while (socket.getInputStream().read() >= 0) {
        // drain
      }
    }
    assertEquals("acme", describeAccount("127.0.0.1", trusting(certificate.certificate())));
  }

  @Test
  void keyThatIsNotPem_failsToStart_namingTheFiles() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not-a-key.pem"), "hello");
    IOException e = assertThrows(IOException.class, () -> CirrusServer.start(ServerConfig.builder()
        .port(0).dataDir(dir.resolve("data2")).tls(certificate.certificate(), notPem).build()));
    assertTrue(e.getMessage().contains("not-a-key.pem"), e.getMessage());
    assertTrue(e.getMessage().contains("PKCS#8"), e.getMessage());
  }

  @Test
  void missingCertificate_failsToStart_namingTheFile() {
    Path missing = dir.resolve("missing-cert.pem");
    IOException e = assertThrows(IOException.class, () -> CirrusServer.start(ServerConfig.builder()
        .port(0).dataDir(dir.resolve("data3")).tls(missing, certificate.privateKey()).build()));
    assertTrue(e.getMessage().contains("missing-cert.pem"), e.getMessage());
  }

  /** The status and every cause's message, lower case: the TLS failure sits in the causes. */
  private static String describeChain(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" / ");
    }
    return text.toString().toLowerCase(Locale.ROOT);
  }
}
