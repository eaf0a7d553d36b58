package dev.cirrus.jcache.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Cirrus server in its own JVM (the server's main class on this test's class path), so a test can
 * kill it with SIGKILL and start it again on the same port and data dir.
 */
final class ServerProcess implements AutoCloseable {

  /**
   * How long a start may take: a JVM with the server's class path took over 20 s to print its
   * first line on a 2-core machine under a load average of 15.
   */
  private static final Duration START_BOUND = Duration.ofSeconds(60);

  private final Path dataDir;
  private final int port;
  private final List<String> moreArgs;
  private final Map<String, String> environment = new HashMap<>();
  private final List<String> output = new CopyOnWriteArrayList<>();
  private Process process;

  ServerProcess(Path dataDir, int port) {
    this(dataDir, port, List.of());
  }

  /** @param moreArgs more command-line flags for the server, e.g. {@code --data-port 0} */
  ServerProcess(Path dataDir, int port, List<String> moreArgs) {
    this.dataDir = dataDir;
    this.port = port;
    this.moreArgs = List.copyOf(moreArgs);
  }

  /** Sets an environment variable of the server process (before {@link #start()}). */
  ServerProcess withEnvironment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts the server and returns once it printed that it listens. */
  void start() throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "dev.cirrus.server.cli.Main",
        "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
    command.addAll(moreArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    process = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
          output.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "server-process-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + START_BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.contains("listening on")) {
        awaitToken(deadline);
        return;
      }
      if (!process.isAlive()) {
        reader.join(5_000); // all it printed before it exited
        throw new IllegalStateException("server process exited with " + process.exitValue() + ": "
            + output);
      }
    }
    throw new IllegalStateException("server did not start within " + START_BOUND.toSeconds()
        + " s: " + output);
  }

  /** Every line the server printed so far. */
  List<String> output() {
    return List.copyOf(output);
  }

  /** The dev token is written right after the listening line; wait for the whole file. */
  private void awaitToken(long deadline) throws InterruptedException {
    Path token = dataDir.resolve("dev-token");
    while (System.nanoTime() < deadline) {
      try {
        if (Files.exists(token) && !Files.readString(token).isBlank()) {
          return;
        }
      } catch (IOException e) {
        // being written
      }
      Thread.sleep(20);
    }
  }

  String token() throws IOException {
    return Files.readString(dataDir.resolve("dev-token")).trim();
  }

  String endpoint() {
    return "cirrus://127.0.0.1:" + port;
  }

  /** SIGKILL: no shutdown hook, no goodbye to clients. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
