package dev.cirrus.junit;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.EmbeddedServer;
import dev.cirrus.server.ServerConfig;
import java.io.IOException;
import java.util.function.UnaryOperator;
import javax.cache.CacheManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a Cirrus server in the test's JVM ({@link EmbeddedServer}: 127.0.0.1, free ports, a
 * temporary data dir) and hands tests what they need to use it:
 *
 * <pre>{@code
 * class BookCacheTest {
 *   @RegisterExtension static CirrusExtension cirrus = CirrusExtension.perClass();
 *
 *   @Test
 *   void cachesBooks(CacheManager cacheManager) {
 *     Cache<String, String> books = cacheManager.createCache("books", new MutableConfiguration<>());
 *     books.put("978-0", "Dune");
 *     assertEquals("Dune", books.get("978-0"));
 *   }
 * }
 * }</pre>
 *
 * <p>{@code @ExtendWith(CirrusExtension.class)} is the same as {@link #perClass()}. Test, lifecycle
 * and constructor parameters of these types are resolved:
 *
 * <ul>
 *   <li>{@link CacheManager}: a client of the test's account, through Cirrus's JCache provider;
 *   <li>{@link CirrusAccount}: that account: its URI and token (to configure an application) and
 *       more CacheManagers for it;
 *   <li>{@link EmbeddedServer}: the server, for tokens of other accounts or permissions.
 * </ul>
 *
 * <p>Every test gets a fresh account, so tests never see each other's caches, even on a server
 * shared by the class. After each test its CacheManagers are closed; when the server's scope ends
 * (the class, or the test with {@link #perTest()}) the server stops and its data dir is deleted.
 */
public final class CirrusExtension implements BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(CirrusExtension.class);
  private static final String SERVER = "server";

  private final boolean serverPerTest;
  private final UnaryOperator<ServerConfig.Builder> serverConfig;

  /** One server for the test class with the default configuration, for {@code @ExtendWith}. */
  public CirrusExtension() {
    this(false, UnaryOperator.identity());
  }

  private CirrusExtension(boolean serverPerTest, UnaryOperator<ServerConfig.Builder> serverConfig) {
    this.serverPerTest = serverPerTest;
    this.serverConfig = serverConfig;
  }

  /** One server for the whole test class (and its {@code @Nested} classes); an account per test. */
  public static CirrusExtension perClass() {
    return new CirrusExtension();
  }

  /** A server of its own for every test: slower, for tests that stop or reconfigure it. */
  public static CirrusExtension perTest() {
    return new CirrusExtension(true, UnaryOperator.identity());
  }

  /**
   * This extension with the server's configuration adjusted by {@code customizer} (limits, a
   * clock, TLS...), applied after the defaults and any earlier customizer.
   */
  public CirrusExtension withServerConfig(UnaryOperator<ServerConfig.Builder> customizer) {
    requireNonNull(customizer, "customizer");
    return new CirrusExtension(serverPerTest, b -> customizer.apply(serverConfig.apply(b)));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (!serverPerTest) {
      startServer(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (serverPerTest) {
      startServer(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeScope(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeScope(context);
  }

  private void startServer(ExtensionContext context) throws IOException {
    Store store = context.getStore(NAMESPACE);
    // A lookup sees the enclosing scopes too: a @Nested class uses its outer class's server.
    if (store.get(SERVER, EmbeddedServer.class) == null) {
      store.put(SERVER, EmbeddedServer.start(serverConfig));
    }
  }

  /** Closes what this scope made: its account's CacheManagers, then the server it started. */
  private static void closeScope(ExtensionContext context) {
    Store store = context.getStore(NAMESPACE);
    // remove() touches only this scope, never an enclosing one's server or account.
    CirrusAccount account = store.remove(accountKey(context), CirrusAccount.class);
    EmbeddedServer server = store.remove(SERVER, EmbeddedServer.class);
    try {
      if (account != null) {
        account.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == CacheManager.class || type == CirrusAccount.class
        || type == EmbeddedServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    EmbeddedServer server = context.getStore(NAMESPACE).get(SERVER, EmbeddedServer.class);
    if (server == null) {
      throw new ParameterResolutionException("no Cirrus server runs for "
          + parameter.getDeclaringExecutable() + ": with CirrusExtension.perTest() a server runs"
          + " only around each test, so ask for it in a test or @BeforeEach method, or use"
          + " CirrusExtension.perClass()");
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == EmbeddedServer.class) {
      return server;
    }
    CirrusAccount account = account(context, server);
    return type == CirrusAccount.class ? account : account.cacheManager();
  }

  /** This scope's account, made on first use; a test's is its own, not its class's. */
  private static CirrusAccount account(ExtensionContext context, EmbeddedServer server) {
    Store store = context.getStore(NAMESPACE);
    String key = accountKey(context);
    CirrusAccount account = store.get(key, CirrusAccount.class);
    if (account == null) {
      ClassLoader loader = context.getTestClass().map(Class::getClassLoader)
          .orElseGet(() -> Thread.currentThread().getContextClassLoader());
      account = new CirrusAccount(server, loader);
      store.put(key, account);
    }
    return account;
  }

  /** Keyed by the scope's id, so that a test never finds its class's account by lookup. */
  private static String accountKey(ExtensionContext context) {
    return "account:" + context.getUniqueId();
  }
}
