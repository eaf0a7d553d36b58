package dev.cirrus.jcache.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js project under {@code src/test/node/NAME} (a committed package.json and
 * package-lock.json), installed with {@code npm ci} into {@code target/node-NAME} once per lock
 * file, and its scripts run with the machine's {@code node} as child processes. Tests that need
 * it are skipped, saying why, only where Node.js or npm is not installed.
 */
final class NodeScript {
  private static final long INSTALL_MINUTES = 5;
  private static final long RUN_MINUTES = 3;

  /** What a script printed (stdout and stderr, in order) and how it exited. */
  record Run(int exitCode, String output) {
    List<String> lines() {
      return Arrays.asList(output.split("\\R"));
    }
  }

  private final Path dir;

  private NodeScript(Path dir) {
    this.dir = dir;
  }

  /** The project {@code name}, installed; skips the calling test when Node.js or npm is missing. */
  static NodeScript install(String name) throws IOException, InterruptedException {
    assumeTrue(onPath("node") && onPath("npm"),
        "Node.js and npm are needed to run Momento's Node.js SDK against the server, and 'node'"
            + " or 'npm' is not on the PATH; install Node.js 20 or later");
    Path source = Path.of("src", "test", "node", name);
    Path dir = Path.of("target", "node-" + name).toAbsolutePath();
    Files.createDirectories(dir);
    try (var files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    // npm ci only when the lock file changed since the last install: it takes seconds and the
    // registry, which a re-run needs neither of.
    Path stamp = dir.resolve("node_modules").resolve(".installed-lock.json");
    byte[] lock = Files.readAllBytes(dir.resolve("package-lock.json"));
    if (!Files.exists(stamp) || !Arrays.equals(lock, Files.readAllBytes(stamp))) {
      Run install = run(dir, List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"),
          Map.of(), INSTALL_MINUTES);
      if (install.exitCode() != 0) {
        throw new IllegalStateException("npm ci failed in " + dir + " (exit "
            + install.exitCode() + "); it needs the npm registry:\n" + install.output());
      }
      Files.write(stamp, lock);
    }
    return new NodeScript(dir);
  }

  /** Runs {@code node SCRIPT} in the project with {@code env} added to this JVM's environment. */
  Run run(String script, Map<String, String> env) throws IOException, InterruptedException {
    return run(dir, List.of("node", script), env, RUN_MINUTES);
  }

  private static Run run(Path dir, List<String> command, Map<String, String> env, long minutes)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      // The output is read on another thread so a chatty process never blocks on a full pipe.
      var output = new java.util.concurrent.CompletableFuture<String>();
      Thread reader = new Thread(() -> {
        try {
          output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          output.completeExceptionally(e);
        }
      }, "node-output");
      reader.start();
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        throw new IllegalStateException(String.join(" ", command) + " did not finish within "
            + minutes + " minutes in " + dir);
      }
      reader.join(TimeUnit.SECONDS.toMillis(30));
      return new Run(process.exitValue(), output.getNow("(output not read)"));
    } finally {
      process.destroyForcibly();
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && Arrays.stream(path.split(java.io.File.pathSeparator))
        .anyMatch(entry -> Files.isExecutable(Path.of(entry, program)));
  }
}
