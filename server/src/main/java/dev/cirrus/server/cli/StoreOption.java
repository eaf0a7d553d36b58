package dev.cirrus.server.cli;

import dev.cirrus.server.ServerConfig;
import dev.cirrus.server.store.redis.RedisTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;

/**
 * {@code --store} and the store's password: {@code memory} (the default) or a Redis (Cluster)
 * given as {@code redis://HOST:PORT[,HOST:PORT...]} or {@code rediss://...}. The password is read
 * from {@code --store-password-file} or the environment variable {@value #PASSWORD_ENV}, never
 * from the command line, where other users of the machine could read it. A {@code rediss://}
 * store's certificate is checked against {@code --store-ca-file} when given, else against the
 * JVM's default trust store (for a managed Redis signed by a public CA).
 */
final class StoreOption {
  static final String PASSWORD_ENV = "CIRRUS_STORE_PASSWORD";

  static final List<Flag> FLAGS = List.of(
      new Flag("store", "memory|redis://HOST:PORT[,HOST:PORT...]|rediss://...", "memory",
          "where caches live: memory (this process only) or a Redis Cluster (seed nodes; one plain"
              + " Redis works too; rediss:// for TLS) shared by every Cirrus node pointed at it"),
      new Flag("store-password-file", "FILE", null,
          "file holding the Redis password (else env " + PASSWORD_ENV + ")"),
      new Flag("store-ca-file", "FILE", "the JVM's trust store",
          "PEM file of the CA certificate(s) that a rediss:// store's TLS certificate must chain"
              + " to (e.g. Redis's tls-ca-cert-file)"));

  private StoreOption() {}

  static void apply(Arguments args, ServerConfig.Builder config) throws UsageException {
    String store = args.get("store").orElse("memory");
    Optional<String> passwordFile = args.get("store-password-file").filter(v -> !v.isEmpty());
    Optional<String> caFile = args.get("store-ca-file").filter(v -> !v.isEmpty());
    if (store.equalsIgnoreCase("memory")) {
      for (String flag : List.of("store-password-file", "store-ca-file")) {
        if (args.get(flag).filter(v -> !v.isEmpty()).isPresent()) {
          throw new UsageException(args.source(flag)
              + " is for a Redis store; give --store redis://HOST:PORT too, or drop it");
        }
      }
      return;
    }
    if (!RedisTarget.isRedis(store)) {
      throw new UsageException(args.source("store") + ": '" + store + "' is neither memory nor a"
          + " Redis address; use memory, redis://HOST:PORT[,HOST:PORT...] or rediss://...");
    }
    RedisTarget target;
    try {
      target = RedisTarget.parse(store);
    } catch (IllegalArgumentException e) {
      throw new UsageException(args.source("store") + ": " + e.getMessage());
    }
    Optional<String> password = passwordFile.isPresent()
        ? Optional.of(readPassword(args.source("store-password-file"), Path.of(passwordFile.get())))
        : args.environment(PASSWORD_ENV).filter(v -> !v.isEmpty());
    target = password.map(target::withPassword).orElse(target);
    if (caFile.isPresent()) {
      if (!target.tls()) {
        throw new UsageException(args.source("store-ca-file") + " is for TLS to Redis; name the"
            + " store with rediss:// (not redis://), or drop it");
      }
      target = target.withCaFile(readCertificates(args.source("store-ca-file"), Path.of(caFile.get())));
    }
    config.redisStore(target);
  }

  /** Checks at start that {@code file} holds PEM certificates, so a bad file is named now. */
  private static Path readCertificates(String source, Path file) throws UsageException {
    try (InputStream in = Files.newInputStream(file)) {
      if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
        throw new UsageException(source + ": " + file.toAbsolutePath() + " holds no certificate;"
            + " put the PEM certificate of the CA that signed Redis's certificate in it");
      }
      return file;
    } catch (IOException e) {
      throw new UsageException(source + ": cannot read " + file.toAbsolutePath() + " (" + e
          + "); name a readable PEM file of the CA certificate(s) Redis's certificate chains to");
    } catch (CertificateException e) {
      throw new UsageException(source + ": " + file.toAbsolutePath() + " is not a PEM"
          + " certificate file (" + e.getMessage() + "); give the CA certificate in PEM form");
    }
  }

  private static String readPassword(String source, Path file) throws UsageException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UsageException(source + ": cannot read " + file.toAbsolutePath() + " (" + e
          + "); name a readable file holding the Redis password");
    }
    if (text.isEmpty()) {
      throw new UsageException(source + ": " + file.toAbsolutePath() + " is empty; put the Redis"
          + " password in it");
    }
    return text;
  }
}
