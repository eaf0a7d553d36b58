package dev.cirrus.jcache.it;

import dev.cirrus.server.CirrusServer;
import dev.cirrus.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a real Cirrus server on an ephemeral 127.0.0.1 port for a test class and hands tests a
 * {@link TestServer} to make clients against it.
 */
public final class CirrusServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(CirrusServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path dataDir = Files.createTempDirectory("cirrus-it");
    CirrusServer server = CirrusServer.start(
        ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir).build());
    context.getStore(NS).put("server", new TestServer(server));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestServer server = context.getStore(NS).remove("server", TestServer.class);
    if (server != null) {
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NS).get("server", TestServer.class);
  }
}
