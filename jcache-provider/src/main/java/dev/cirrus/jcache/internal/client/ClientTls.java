package dev.cirrus.jcache.internal.client;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.CacheException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS of a {@code cirrus+tls://} client: one trust, read once, for its gRPC channels and its
 * data path (the certificates in {@code cirrus.tls.trust-cert}, else the JDK's trust store). On the
 * data path, like gRPC, it checks that the server's certificate names the host the client connects
 * to, and it speaks TLS 1.3 or 1.2 only.
 */
final class ClientTls {
  private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final SSLContext context;
  /** The trust of {@code cirrus.tls.trust-cert}, or null for the JDK's trust store. */
  private final TrustManager[] trustManagers;
  private final String[] protocols;

  private ClientTls(SSLContext context, TrustManager[] trustManagers) {
    this.context = context;
    this.trustManagers = trustManagers;
    List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
    this.protocols = PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new);
  }

  /**
   * The TLS settings of {@code settings}.
   *
   * @throws CacheException naming the trust file when it cannot be read as PEM certificates
   */
  static ClientTls of(ClientSettings settings) {
    Path trust = settings.trustCertificate();
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager[] managers = trust == null ? null : trusting(trust).getTrustManagers();
      // No trust managers given: the JDK's default trust store, as gRPC's default credentials.
      context.init(null, managers, null);
      return new ClientTls(context, managers);
    } catch (IOException | GeneralSecurityException e) {
      throw new CacheException("Cannot read the TLS trust certificate " + trust
          + " (cirrus.tls.trust-cert): " + e.getMessage() + "; give a PEM file of the certificates"
          + " to trust", e);
    }
  }

  /** The gRPC channels' credentials, with the same trust as the data path. */
  ChannelCredentials channelCredentials() {
    return trustManagers == null ? TlsChannelCredentials.create()
        : TlsChannelCredentials.newBuilder().trustManager(trustManagers).build();
  }

  private static TrustManagerFactory trusting(Path file)
      throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in the file");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int n = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("trusted-" + n++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }

  /**
   * Runs the TLS handshake over {@code connected}, verifying that the certificate names {@code
   * host}, within {@code timeoutMillis} as a whole: a read timeout alone would let a server that
   * sends its handshake a little at a time hold the caller for as long as it likes.
   */
  SSLSocket handshake(Socket connected, String host, int timeoutMillis) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory()
        .createSocket(connected, host, connected.getPort(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    parameters.setProtocols(protocols);
    socket.setSSLParameters(parameters);
    int timeout = Math.max(1, timeoutMillis);
    socket.setSoTimeout(timeout);
    // Whoever sets it first wins: the handshake by finishing, or the timer by closing the socket.
    AtomicBoolean settled = new AtomicBoolean();
    CompletableFuture.delayedExecutor(timeout, TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
      if (settled.compareAndSet(false, true)) {
        closeQuietly(connected);
      }
    });
    try {
      socket.startHandshake();
    } catch (IOException e) {
      if (settled.compareAndSet(false, true)) {
        throw e;
      }
      throw overran(timeout, e);
    }
    if (!settled.compareAndSet(false, true)) {
      throw overran(timeout, null);
    }
    return socket;
  }

  private static SocketTimeoutException overran(int timeoutMillis, IOException cause) {
    SocketTimeoutException e = new SocketTimeoutException(
        "the TLS handshake did not finish within " + timeoutMillis + " ms");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closed either way
    }
  }
}
