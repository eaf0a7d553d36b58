package dev.cirrus.jcache.it;

import dev.cirrus.server.EmbeddedServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a real Cirrus server ({@link EmbeddedServer}: 127.0.0.1, free ports, a temporary data
 * dir) for a test class and hands tests a {@link TestServer} to make clients against it.
 */
public final class CirrusServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(CirrusServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    context.getStore(NS).put("server", new TestServer(EmbeddedServer.start()));
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
