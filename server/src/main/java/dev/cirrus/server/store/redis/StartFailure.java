package dev.cirrus.server.store.redis;

import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * What to tell an operator whose node could not connect to Redis at start: the cause chain is
 * read for the failures with one fix (a refused password, an untrusted certificate, TLS against a
 * plain port), naming the flag that fixes each.
 */
final class StartFailure {
  private static final String PASSWORD_FLAGS = "--store-password-file or CIRRUS_STORE_PASSWORD";

  private StartFailure() {}

  static String advice(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = String.valueOf(t.getMessage()).toUpperCase(Locale.ROOT);
      if (message.contains("WRONGPASS") || message.contains("INVALID PASSWORD")) {
        return "Redis refused the password: give the right one in " + PASSWORD_FLAGS;
      }
      if (message.contains("NOAUTH")) {
        return "Redis asks for a password: give it in " + PASSWORD_FLAGS;
      }
      if (t instanceof CertificateException || message.contains("PKIX")) {
        return "Redis's TLS certificate is not trusted: name the PEM certificate of the CA that"
            + " signed it in --store-ca-file (or CIRRUS_STORE_CA_FILE), and check that the"
            + " certificate names the host or IP address given in --store";
      }
      if (message.contains("NOT AN SSL/TLS RECORD")) {
        return "that port does not speak TLS: use redis:// for a plain port, or give Redis's"
            + " tls-port";
      }
      if (t instanceof SSLException) {
        return "the TLS handshake with Redis failed (" + t.getMessage() + "): check Redis's"
            + " tls-port and certificate, and --store-ca-file (or CIRRUS_STORE_CA_FILE)";
      }
    }
    return "check that Redis (7 or newer; a cluster with all slots assigned, or one plain Redis)"
        + " runs there, that the address is right, and the password (" + PASSWORD_FLAGS + ")";
  }
}
