package dev.cirrus.server.fastpath;

import static dev.cirrus.server.testing.CirrusServerExtension.CLIENT_ID;

import dev.cirrus.server.testing.CirrusServerExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Data path connections to a test server, greeted with its default token, each closed after the
 * test that opened it. A test class registers one per instance ({@code @RegisterExtension}).
 */
final class GreetedConnections implements AfterEachCallback {
  private final CirrusServerExtension server;
  private final List<RawDataConnection> open = new ArrayList<>();

  GreetedConnections(CirrusServerExtension server) {
    this.server = server;
  }

  RawDataConnection connect() throws IOException {
    RawDataConnection connection = RawDataConnection.greeted(
        server.server().dataPort(), server.defaultToken(), CLIENT_ID);
    open.add(connection);
    return connection;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    for (RawDataConnection connection : open) {
      connection.close();
    }
    open.clear();
  }
}
