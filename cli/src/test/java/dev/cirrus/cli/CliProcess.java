package dev.cirrus.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code cirrus.jar} run as a child process, the way a user runs it: arguments, an
 * environment with only the variables the test gives (no CIRRUS_* from the build's shell), and
 * its exit code, standard output and standard error.
 */
final class CliProcess implements AutoCloseable {

  /** Generous: a JVM start on a loaded 2-core machine can take seconds. */
  static final long TIMEOUT_SECONDS = 90;

  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Process process;
  private final CompletableFuture<String> out;
  private final CompletableFuture<String> err;

  private CliProcess(Process process) {
    this.process = process;
    this.out = drain(process.getInputStream());
    this.err = drain(process.getErrorStream());
  }

  static Path jar() {
    String jar = System.getProperty("cirrus.cliJar");
    assertNotNull(jar, "system property cirrus.cliJar (set by the build) names cli/target/cirrus.jar");
    Path path = Path.of(jar);
    if (!Files.isRegularFile(path)) {
      fail("no " + path + ": the package phase builds it before the integration tests");
    }
    return path;
  }

  /** Starts {@code cirrus ARGS} with exactly {@code env} as its CIRRUS_* environment. */
  static CliProcess start(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // A short-lived CLI: start fast rather than optimise long.
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
        "-jar", jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("CIRRUS_"));
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    try {
      return new CliProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code cirrus ARGS} to its end. */
  static Result run(Map<String, String> env, String... args) {
    try (CliProcess process = start(env, args)) {
      process.process.getOutputStream().close();
      return process.await();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the process to end on its own. */
  Result await() {
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("cirrus did not end within " + TIMEOUT_SECONDS + " s; stderr so far: " + err.getNow(""));
      }
      return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS),
          err.get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new AssertionError("reading cirrus's output failed", e);
    }
  }

  /** Standard error so far, while the process runs. */
  String errSoFar() {
    synchronized (errBuffer) {
      return errBuffer.toString(StandardCharsets.UTF_8);
    }
  }

  private final ByteArrayOutputStream errBuffer = new ByteArrayOutputStream();

  /** A thread of its own per stream (not a shared pool): both pipes drain while the process runs. */
  private CompletableFuture<String> drain(InputStream stream) {
    boolean isErr = stream == process.getErrorStream();
    CompletableFuture<String> all = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = stream.read(buffer)) > 0; ) {
          bytes.write(buffer, 0, n);
          if (isErr) {
            synchronized (errBuffer) {
              errBuffer.write(buffer, 0, n);
            }
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      all.complete(bytes.toString(StandardCharsets.UTF_8));
    }, "cli-drain");
    reader.setDaemon(true);
    reader.start();
    return all;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
