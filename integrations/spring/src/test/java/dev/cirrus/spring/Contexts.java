package dev.cirrus.spring;

import dev.cirrus.junit.CirrusAccount;
import java.util.Map;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Starts plain Spring application contexts against a test server. */
final class Contexts {

  private Contexts() {}

  /** A context of {@code config} whose environment names the server and a token of the account. */
  static AnnotationConfigApplicationContext start(CirrusAccount account, Class<?> config) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("cirrus", Map.of(
        "cirrus.uri", account.uri().toString(),
        "cirrus.token", account.token())));
    context.register(config);
    context.refresh();
    return context;
  }
}
