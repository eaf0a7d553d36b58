package dev.cirrus.server.netty;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;

/** The server side of TLS for a Netty door: the server's certificate, TLS 1.3 and 1.2 only. */
public final class NettyTls {
  private NettyTls() {}

  /**
   * A Netty context over {@code tls} (the server's identity) that negotiates TLS 1.3 or 1.2, those
   * of them the JDK offers; older versions never.
   *
   * @throws IllegalArgumentException when the JDK offers neither
   */
  public static SslContext server(SSLContext tls) {
    requireNonNull(tls, "tls");
    List<String> supported = Arrays.asList(tls.getSupportedSSLParameters().getProtocols());
    String[] protocols = List.of("TLSv1.3", "TLSv1.2").stream()
        .filter(supported::contains).toArray(String[]::new);
    if (protocols.length == 0) {
      throw new IllegalArgumentException("this JDK offers neither TLS 1.3 nor TLS 1.2");
    }
    return new JdkSslContext(tls, false, null, IdentityCipherSuiteFilter.INSTANCE, null,
        ClientAuth.NONE, protocols, false);
  }
}
