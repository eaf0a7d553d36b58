package dev.cirrus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DescribeServerRequest;
import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.server.auth.TokenIssuer;
import dev.cirrus.server.fastpath.DataPathStats;
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
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.cirrus.wire.Frames;

/**
 * A server started with a certificate and key: TLS only, on the gRPC port and the data path, for
 * clients that trust the certificate.
 */
class TlsTest {
  private static Path dir;
  private static SelfSignedCertificate certificate;
  private static EmbeddedServer embedded;
  private static CirrusServer server;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("cirrus-tls-");
    certificate = SelfSignedCertificate.create(dir, "cirrus-test");
    embedded = EmbeddedServer.start(b -> b.tls(certificate.certificate(), certificate.privateKey()));
    server = embedded.server();
  }

  @AfterAll
  static void stop() throws IOException {
    embedded.close();
    CirrusServerExtension.deleteRecursively(dir);
  }

  private static String describeAccount(String host, ChannelCredentials credentials)
      throws InterruptedException {
    return describe(host, credentials).getAccount();
  }

  private static DescribeServerResponse describe(String host, ChannelCredentials credentials)
      throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress(host, server.port(), credentials).build();
    try {
      return ControlPlaneGrpc.newBlockingStub(channel)
          .withCallCredentials(new BearerToken(server.tokens().issue("acme", Duration.ofHours(1)), "tls"))
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .describeServer(DescribeServerRequest.getDefaultInstance());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A TLS connection to the data path that trusts {@code cert} and checks the host name. */
  private static SSLSocket dataPathTls(String host, Path cert) throws IOException {
    SSLContext context;
    try (InputStream in = Files.newInputStream(cert)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("server",
          CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, server.dataPort());
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static byte[] hello(String token) {
    byte[] auth = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    byte[] id = "tls-client".getBytes(StandardCharsets.UTF_8);
    return frame(Frames.HELLO, ByteBuffer.allocate(8 + auth.length + id.length)
        .putInt(auth.length).put(auth).putInt(id.length).put(id).array());
  }

  /** {@code [length][kind][payload]}. */
  private static byte[] frame(byte kind, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length).putInt(1 + payload.length).put(kind)
        .put(payload).array();
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
  void dataPath_isOnWithTls_andAdvertisedAsTls() throws Exception {
    DescribeServerResponse description = describe("127.0.0.1", trusting(certificate.certificate()));
    assertTrue(server.dataPort() > 0);
    assertEquals(server.dataPort(), description.getDataPort());
    assertTrue(description.getDataPortTls());
    assertTrue(server.dataPortTls());
  }

  @Test
  void dataPath_servesRequestsOverTls_checkedByName() throws Exception {
    DataPathStats before = server.dataPathStats();
    try (SSLSocket socket = dataPathTls("localhost", certificate.certificate())) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      socket.getOutputStream().write(hello(server.tokens().issue("acme", Duration.ofHours(1))));
      assertEquals(Frames.OK, Frames.read(in, 1 << 20).kind());
      // A get (method 1) of a cache that does not exist: answered, as on gRPC, with NOT_FOUND.
      byte[] get = GetRequest.newBuilder().setCache("none")
          .setKey(ByteString.copyFromUtf8("k")).build().toByteArray();
      socket.getOutputStream().write(frame(Frames.REQUEST,
          ByteBuffer.allocate(1 + get.length).put((byte) 1).put(get).array()));
      Frames.Frame answer = Frames.read(in, 1 << 20);
      assertEquals(Frames.ERROR, answer.kind());
      assertEquals(Status.Code.NOT_FOUND.value(), ByteBuffer.wrap(answer.payload()).getInt());
      assertTrue(socket.getSession().getProtocol().matches("TLSv1\\.[23]"),
          socket.getSession().getProtocol());
    }
    DataPathStats after = server.dataPathStats();
    assertTrue(after.tls());
    assertEquals(before.tlsHandshakes() + 1, after.tlsHandshakes());
    assertEquals(before.requests() + 1, after.requests());
  }

  @Test
  void dataPath_clientNotTrustingTheCertificate_failsItsHandshake() throws Exception {
    SelfSignedCertificate stranger = SelfSignedCertificate.create(dir, "data-stranger");
    try (SSLSocket socket = dataPathTls("127.0.0.1", stranger.certificate())) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class, socket::startHandshake);
      assertTrue(describeChain(e).contains("certificat") || describeChain(e).contains("pkix"),
          describeChain(e));
    }
  }

  @Test
  void plaintextHello_onTheTlsDataPort_isRefusedInPlaintext_andOthersAreServed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.dataPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(hello(server.tokens().issue("acme", Duration.ofHours(1))));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      Frames.Frame refusal = Frames.read(in, 1 << 20);
      assertEquals(Frames.ERROR, refusal.kind());
      ByteBuffer payload = ByteBuffer.wrap(refusal.payload());
      assertEquals(Status.Code.FAILED_PRECONDITION.value(), payload.getInt());
      String description = new String(refusal.payload(), 8, payload.getInt(), StandardCharsets.UTF_8);
      assertTrue(description.contains("TLS only") && description.contains("cirrus+tls://"),
          description);
      assertEquals(Frames.GOODBYE, Frames.read(in, 1 << 20).kind());
      assertEquals(null, Frames.read(in, 1 << 20));
    }
    dataPath_servesRequestsOverTls_checkedByName();
  }

  @Test
  void silentClient_onTheTlsDataPort_doesNotHoldUpOthers() throws Exception {
    // Connected, but never sends its ClientHello: its handshake waits on its own thread.
    try (Socket silent = new Socket("127.0.0.1", server.dataPort())) {
      dataPath_servesRequestsOverTls_checkedByName();
      assertTrue(silent.isConnected());
    }
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
