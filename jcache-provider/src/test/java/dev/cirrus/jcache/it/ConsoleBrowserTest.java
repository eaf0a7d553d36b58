package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cirrus.server.EmbeddedServer;
import dev.cirrus.server.auth.Permission;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser: Debian's headless Chromium, driven by playwright-core from the
 * npm registry ({@code src/test/console}, installed with {@code npm ci} into {@code target}),
 * opens {@code /console} of a live server under traffic, enters an operator token, and checks that
 * every chart draws non-zero data, the cache table lists the caches and the refusals table the
 * page's own refused first read. The screenshot it takes is
 * the README's {@code docs/console.png}. Without Chromium or Node this test fails, saying what to
 * install: a console nobody looked at is not proven.
 */
class ConsoleBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(3);

  @Test
  void console_drawsLiveChartsAndListsTheCaches() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("Chromium is missing at " + CHROMIUM + ": install Debian's chromium (apt-get install"
          + " chromium; ./test.sh installs it when missing) to run the console's browser test");
    }
    Path module = Path.of("").toAbsolutePath();
    Path work = module.resolve("target/console-browser");
    Files.createDirectories(work);
    for (String file : List.of("package.json", "package-lock.json", "console-check.mjs")) {
      Files.copy(module.resolve("src/test/console/" + file), work.resolve(file),
          StandardCopyOption.REPLACE_EXISTING);
    }
    Run npm = run(work, NPM_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
    assertEquals(0, npm.exit(), "npm ci of playwright-core failed:\n" + npm.output());

    Path screenshot = module.resolve("../docs/console.png").normalize();
    try (TestServer server = new TestServer(EmbeddedServer.start(b -> b.httpPort(0)))) {
      String shop = TestServer.freshAccount();
      String blog = TestServer.freshAccount();
      List<Cache<String, String>> caches = new ArrayList<>();
      caches.add(fill(server.manager(shop), "products", 300));
      caches.add(fill(server.manager(shop), "sessions", 120));
      caches.add(fill(server.manager(blog), "posts", 80));
      AtomicBoolean running = new AtomicBoolean(true);
      Thread traffic = new Thread(() -> drive(caches, running), "console-traffic");
      traffic.setDaemon(true);
      traffic.start();
      try {
        String token = server.server().tokens().issue("ops", Duration.ofHours(1),
            java.util.Set.of(Permission.OPERATOR));
        String base = "http://127.0.0.1:" + server.server().httpPort();
        Run check = run(work, CHECK_TIMEOUT, "node", "console-check.mjs", base, token,
            screenshot.toString(), shop + "/products," + shop + "/sessions," + blog + "/posts");
        assertEquals(0, check.exit(), "the console check failed:\n" + check.output());
        assertTrue(check.output().contains("\"problems\":[]"), check.output());
      } finally {
        running.set(false);
        traffic.join(5_000);
      }
    }
    assertTrue(Files.size(screenshot) > 10_000, "the screenshot is too small to show the console");
  }

  private static Cache<String, String> fill(CacheManager manager, String name, int entries) {
    Cache<String, String> cache = manager.createCache(name,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    for (int i = 0; i < entries; i++) {
      cache.put("key-" + i, "value of " + name + " number " + i + " ".repeat(i % 50));
    }
    return cache;
  }

  /** Reads that mostly hit (a key in range) and sometimes miss, until told to stop. */
  private static void drive(List<Cache<String, String>> caches, AtomicBoolean running) {
    long n = 0;
    while (running.get()) {
      Cache<String, String> cache = caches.get((int) (n % caches.size()));
      cache.get("key-" + (n * 7 % 400));
      n++;
      if (n % 200 == 0) {
        try {
          Thread.sleep(20); // a steady few thousand calls a second, not a benchmark
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private record Run(int exit, String output) {}

  /** Runs {@code command} in {@code dir}; kills it and its children when it outlives {@code timeout}. */
  private static Run run(Path dir, Duration timeout, String... command) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      fail("cannot run " + command[0] + " (" + e.getMessage() + "): install Node.js 20 and npm"
          + " to run the console's browser test");
      throw e;
    }
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (InputStream in = process.getInputStream()) {
        output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        output.append("(output lost: ").append(e.getMessage()).append(')');
      }
    });
    reader.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      reader.join(5_000);
      fail(String.join(" ", command) + " did not finish within " + timeout + ":\n" + output);
    }
    reader.join(5_000);
    return new Run(process.exitValue(), output.toString());
  }
}
