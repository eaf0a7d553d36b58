package dev.cirrus.hibernate.it;

import java.util.concurrent.atomic.AtomicInteger;
import org.h2.tools.Server;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * H2 behind its TCP server on an ephemeral port, so that a second JVM can share the database;
 * started for a test class that registers it as an extension. Each test gets an in-memory
 * database of its own.
 */
final class H2Database implements TestDatabase, BeforeAllCallback, AfterAllCallback {

  private final AtomicInteger databases = new AtomicInteger();
  private volatile Server server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    // H2 reads its bind address from this system property only; the build sets it so that the
    // server listens on loopback alone, and a run without it must not open the port wider.
    if (!"127.0.0.1".equals(System.getProperty("h2.bindAddress"))) {
      throw new IllegalStateException("Run the tests with -Dh2.bindAddress=127.0.0.1 (the Maven"
          + " build sets it) so that the H2 test server listens on loopback only");
    }
    server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public Jdbc next() {
    return new Jdbc("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:cirrus-"
        + databases.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }
}
