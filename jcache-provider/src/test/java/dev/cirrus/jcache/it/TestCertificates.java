package dev.cirrus.jcache.it;

import dev.cirrus.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for {@code localhost} and {@code 127.0.0.1}, made at test time
 * with the JDK's keytool and written as PEM: the certificate (what a client trusts through
 * {@code cirrus.tls.trust-cert}) and its PKCS#8 key (the server's {@code --tls-key}).
 */
public record TestCertificates(Path certificate, Path privateKey) {

  public static TestCertificates selfSigned(Path dir, String name) throws IOException, InterruptedException {
    return selfSigned(dir, name, "dns:localhost,ip:127.0.0.1");
  }

  /** A certificate for the given subject alternative names (keytool's form: {@code dns:a,ip:b}). */
  public static TestCertificates selfSigned(Path dir, String name, String subjectAlternativeNames)
      throws IOException, InterruptedException {
    Path store = dir.resolve(name + ".p12");
    char[] password = "test-only".toCharArray();
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", name,
        "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
        "-dname", "CN=" + name, "-ext", "san=" + subjectAlternativeNames, "-validity", "1",
        "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", new String(password), "-keypass", new String(password)))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, password);
      PrivateKey key = (PrivateKey) keys.getKey(name, password);
      Path cert = Files.writeString(dir.resolve(name + "-cert.pem"),
          pem("CERTIFICATE", keys.getCertificate(name).getEncoded()));
      // getEncoded() of a private key is PKCS#8.
      Path keyFile = Files.writeString(dir.resolve(name + "-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
      return new TestCertificates(cert, keyFile);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the keystore keytool wrote", e);
    }
  }

  /** A server on a free 127.0.0.1 port serving TLS with this certificate, to build or adjust. */
  public ServerConfig.Builder server(Path dataDir) {
    return ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
        .tls(certificate, privateKey);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
