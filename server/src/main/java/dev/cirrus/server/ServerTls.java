package dev.cirrus.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The server's TLS identity: a PEM certificate chain (the server's certificate first) and its PEM
 * private key (unencrypted PKCS#8, {@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey}
 * writes it). With TLS the server accepts TLS connections only.
 */
public record ServerTls(Path certificateChain, Path privateKey) {
  public ServerTls {
    requireNonNull(certificateChain, "certificateChain");
    requireNonNull(privateKey, "privateKey");
  }
}
