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

  static final Flag<RedisTarget> STORE = Flag.of("store",
      "memory|redis://HOST:PORT[,HOST:PORT...]|rediss://...", "memory",
      "where caches live: memory (this process only) or a Redis Cluster (seed nodes; one plain"
          + " Redis works too; rediss:// for TLS) shared by every Cirrus node pointed at it",
      Values.orDefault("memory", StoreOption::redis));
  static final Flag<Path> PASSWORD_FILE = Flag.of("store-password-file", "FILE", null,
      "file holding the Redis password (else env " + PASSWORD_ENV + ")",
      (source, text) -> text.isEmpty() ? null : Path.of(text));

  static final Flag<Path> CA_FILE = Flag.of("store-ca-file", "FILE", "the JVM's trust store",
      "PEM file of the CA certificate(s) that a rediss:// store's TLS certificate must chain"
          + " to (e.g. Redis's tls-ca-cert-file)",
      (source, text) -> text.isEmpty() ? null : Path.of(text));

  static final List<Flag<?>> FLAGS = List.of(STORE, PASSWORD_FILE, CA_FILE);

  private StoreOption() {}

  static void apply(Arguments args, ServerConfig.Builder config) throws UsageException {
    Optional<RedisTarget> store = args.value(STORE);
    Optional<Path> passwordFile = args.value(PASSWORD_FILE);
    Optional<Path> caFile = args.value(CA_FILE);
    if (store.isEmpty()) {
      for (Flag<Path> flag : List.of(PASSWORD_FILE, CA_FILE)) {
        if (args.value(flag).isPresent()) {
          throw new UsageException(args.source(flag)
              + " is for a Redis store; give --store redis://HOST:PORT too, or drop it");
        }
      }
      return;
    }
    Optional<String> password = passwordFile.isPresent()
        ? Optional.of(readPassword(args.source(PASSWORD_FILE), passwordFile.get()))
        : args.environment(PASSWORD_ENV).filter(v -> !v.isEmpty());
    RedisTarget target = password.map(store.get()::withPassword).orElse(store.get());
    if (caFile.isPresent()) {
      if (!target.tls()) {
        throw new UsageException(args.source(CA_FILE) + " is for TLS to Redis; name the"
            + " store with rediss:// (not redis://), or drop it");
      }
      target = target.withCaFile(readCertificates(args.source(CA_FILE), caFile.get()));
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

  private static RedisTarget redis(String source, String text) throws UsageException {
    if (!RedisTarget.isRedis(text)) {
      throw new UsageException(source + ": '" + text + "' is neither memory nor a Redis address;"
          + " use memory, redis://HOST:PORT[,HOST:PORT...] or rediss://...");
    }
    try {
      return RedisTarget.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(source + ": " + e.getMessage());
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
