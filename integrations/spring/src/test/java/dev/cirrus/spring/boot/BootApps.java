package dev.cirrus.spring.boot;

import dev.cirrus.junit.CirrusAccount;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts Spring Boot applications the way {@code SpringApplication.run} does. */
final class BootApps {

  private BootApps() {}

  /**
   * Runs {@code app} with {@code properties} as command-line arguments, which outrank anything the
   * machine's environment may set (such as {@code CIRRUS_URI}).
   */
  static ConfigurableApplicationContext run(Class<?> app, List<String> properties) {
    return builder(app).run(arguments(properties));
  }

  static SpringApplicationBuilder builder(Class<?> app) {
    return new SpringApplicationBuilder(app)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false);
  }

  static String[] arguments(List<String> properties) {
    return properties.stream().map(p -> "--" + p).toArray(String[]::new);
  }

  /** {@code cirrus.uri} and {@code cirrus.token} of an account on the server, then {@code more}. */
  static List<String> cirrus(CirrusAccount account, String... more) {
    List<String> properties = new ArrayList<>();
    properties.add("cirrus.uri=" + account.uri());
    properties.add("cirrus.token=" + account.token());
    properties.addAll(List.of(more));
    return properties;
  }
}
