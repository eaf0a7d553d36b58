package dev.cirrus.jcache.internal.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.config.Endpoint;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How a plaintext client's failure against a server that dropped it reads. A TLS server drops a
 * plaintext client with a close or with a reset, depending on whether the client's later bytes had
 * arrived; both must name the TLS scheme, while a refused connection must not.
 */
class ErrorTranslatorTest {

  private final ErrorTranslator errors =
      new ErrorTranslator(new Endpoint("127.0.0.1", 7070, false), Duration.ofSeconds(5));

  private static StatusRuntimeException unavailable(String description, Throwable cause) {
    return Status.UNAVAILABLE.withDescription(description).withCause(cause).asRuntimeException();
  }

  @Test
  void aClosedConnection_suggestsTheTlsScheme() {
    String text = errors.message(unavailable("Network closed for unknown reason", null), "get");
    assertTrue(text.contains("use cirrus+tls://127.0.0.1:7070"), text);
  }

  @Test
  void aResetConnection_suggestsTheTlsScheme() {
    IOException reset = new IOException("recvAddress(..) failed: Connection reset by peer");
    String text = errors.message(unavailable("io exception", reset), "get");
    assertTrue(text.contains("use cirrus+tls://127.0.0.1:7070"), text);
  }

  @Test
  void aRefusedConnection_saysUnreachable() {
    ConnectException refused = new ConnectException("Connection refused");
    String text = errors.message(unavailable("io exception", refused), "get");
    assertTrue(text.contains("unreachable"), text);
    assertFalse(text.contains("cirrus+tls"), text);
  }
}
