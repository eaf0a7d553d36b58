package dev.cirrus.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The {@link SSLContext} of the data path and the HTTP door, made with the JDK alone from the same
 * PEM files the gRPC port serves (grpc-netty-shaded reads those itself; the unshaded Netty doors
 * take the JDK's form, through {@code dev.cirrus.server.netty.NettyTls}).
 */
final class ServerTlsContext {
  private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String KEY_END = "-----END PRIVATE KEY-----";

  private ServerTlsContext() {}

  /**
   * An SSLContext presenting {@code tls}'s certificate chain with its key.
   *
   * @throws IOException naming the files and what they must hold, when they cannot be used
   */
  static SSLContext load(ServerTls tls) throws IOException {
    try {
      Certificate[] chain = certificates(tls);
      PrivateKey key = privateKey(tls, chain[0]);
      // The store lives only in memory, to hand the pair to the key manager; its password guards
      // nothing, but the JDK requires one.
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("cirrus", key, password, chain);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IllegalArgumentException e) {
      throw new IOException(CirrusServer.tlsProblem(tls, e.getMessage()), e);
    } catch (IOException | GeneralSecurityException e) {
      throw new IOException(CirrusServer.tlsProblem(tls, e.toString()), e);
    }
  }

  private static Certificate[] certificates(ServerTls tls)
      throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> chain;
    try (InputStream in = Files.newInputStream(tls.certificateChain())) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no certificate in " + tls.certificateChain().getFileName());
    }
    return chain.toArray(new Certificate[0]);
  }

  private static PrivateKey privateKey(ServerTls tls, Certificate leaf)
      throws IOException, GeneralSecurityException {
    // ISO-8859-1 reads any bytes, so a binary file is reported as missing the block, not as a charset error.
    String text = Files.readString(tls.privateKey(), StandardCharsets.ISO_8859_1);
    int begin = text.indexOf(KEY_BEGIN);
    int end = text.indexOf(KEY_END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("no " + KEY_BEGIN + " block in "
          + tls.privateKey().getFileName());
    }
    byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
    // The key is the certificate's partner, so it is of the certificate's key algorithm.
    String algorithm = leaf.getPublicKey().getAlgorithm();
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
