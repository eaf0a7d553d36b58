package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A data port that takes connections but fails them before the hello is answered (a proxy or
 * firewall that forwards only the gRPC port, something else listening there, a TLS mismatch)
 * must not fail the application's calls: they go by gRPC, and the data path is tried again only
 * after a while, not once per call.
 *
 * <p>The server listens on 127.0.0.2; the client reaches its gRPC port through a TCP proxy on
 * 127.0.0.1, so the data port the server announces leads, on 127.0.0.1, to a listener that
 * misbehaves as each case says.
 */
class DataPathFallbackTest {

  /** How the thing on the announced data port treats a connection. */
  enum Breakage {
    /** Accepts and never answers: the hello (or TLS handshake) times out. */
    SILENT,
    /** Accepts and resets the connection. */
    RESET,
    /** Answers like an HTTP server would: not a frame. */
    GARBAGE
  }

  private final List<AutoCloseable> resources = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @ParameterizedTest
  @EnumSource(Breakage.class)
  void plaintext_dataPortFailingBeforeTheHello_callsGoByGrpc(Breakage breakage) throws Exception {
    check(breakage, null);
  }

  @ParameterizedTest
  @EnumSource(Breakage.class)
  void tls_dataPortFailingBeforeTheHello_callsGoByGrpc(Breakage breakage) throws Exception {
    check(breakage, TestCertificates.selfSigned(dir, "fallback"));
  }

  private void check(Breakage breakage, TestCertificates tls) throws Exception {
    BrokenPort broken = new BrokenPort(breakage);
    resources.add(broken);
    Path dataDir = Files.createTempDirectory(dir, "data");
    ServerConfig.Builder config = (tls == null ? ServerConfig.builder() : tls.server(dataDir))
        .host("127.0.0.2").port(0).dataPort(broken.port()).dataDir(dataDir);
    CirrusServer server = CirrusServer.start(config.build());
    resources.add(server);
    TcpProxy proxy = new TcpProxy(new InetSocketAddress("127.0.0.2", server.port()));
    resources.add(proxy);

    Properties props = new Properties();
    props.setProperty("cirrus.token", server.tokens().issue("fallback", Duration.ofHours(1)));
    props.setProperty("cirrus.connect-timeout", "500ms");
    props.setProperty("cirrus.call-timeout", "5s");
    if (tls != null) {
      props.setProperty("cirrus.tls.trust-cert", tls.certificate().toString());
    }
    String scheme = tls == null ? "cirrus" : "cirrus+tls";
    CacheManager manager = Caching.manager(resources,
        java.net.URI.create(scheme + "://127.0.0.1:" + proxy.port()), props);
    Cache<String, String> cache = manager.createCache("c",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));

    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      cache.put("k" + i, "v" + i);
      assertEquals("v" + i, cache.get("k" + i));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertTrue(broken.accepted() >= 1, "the client tried the announced data port");
    assertTrue(broken.accepted() <= 2 + millis / 1000,
        "the data path is set aside after a failure, not tried per call: "
            + broken.accepted() + " connections in " + millis + " ms");
    assertEquals(0, server.dataPathStats().requests(), "every call went by gRPC");
  }

  /** Creates CacheManagers of their own provider, closed with the test. */
  private static final class Caching {
    static CacheManager manager(List<AutoCloseable> resources, java.net.URI uri,
        Properties props) {
      dev.cirrus.jcache.CirrusCachingProvider provider = new dev.cirrus.jcache.CirrusCachingProvider();
      resources.add(provider::close);
      return provider.getCacheManager(uri, DataPathFallbackTest.class.getClassLoader(), props);
    }
  }

  /** A listener on 127.0.0.1 that breaks every connection it accepts in one way. */
  private static final class BrokenPort implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket();
    private final Breakage breakage;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> held = new ArrayList<>();

    BrokenPort(Breakage breakage) throws IOException {
      this.breakage = breakage;
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      Thread acceptor = new Thread(this::acceptAll, "broken-data-port");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    private void acceptAll() {
      try {
        while (true) {
          Socket connection = socket.accept();
          accepted.incrementAndGet();
          switch (breakage) {
            case SILENT -> hold(connection);
            case RESET -> {
              connection.setSoLinger(true, 0);
              connection.close();
            }
            case GARBAGE -> {
              OutputStream out = connection.getOutputStream();
              out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
              out.flush();
              hold(connection);
            }
          }
        }
      } catch (IOException e) {
        // closed by the test
      }
    }

    private synchronized void hold(Socket connection) {
      held.add(connection);
    }

    @Override
    public synchronized void close() throws IOException {
      socket.close();
      for (Socket connection : held) {
        connection.close();
      }
    }
  }
}
