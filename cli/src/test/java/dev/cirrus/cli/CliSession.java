package dev.cirrus.cli;

import static org.junit.jupiter.api.Assertions.fail;

import dev.cirrus.cli.CliProcess.Result;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM with the real {@code cirrus.jar} on its class path that runs a test's commands one
 * after another ({@link CommandRunner}), each with the same environment: a JVM start per test
 * instead of per command. Each command still builds its own command line, client and
 * connection; only the {@code java -jar} entry and the exit through {@code System.exit} are
 * left to {@link CliProcess}.
 */
final class CliSession implements AutoCloseable {
  private final Process process;
  private final OutputStream commands;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

  private CliSession(Process process) {
    this.process = process;
    this.commands = process.getOutputStream();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          replies.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "cli-session-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the JVM with exactly {@code env} as its CIRRUS_* environment. */
  static CliSession start(Map<String, String> env) {
    String classPath = CliProcess.jar() + File.pathSeparator + testClasses();
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
        "-cp", classPath, CommandRunner.class.getName());
    builder.environment().keySet().removeIf(name -> name.startsWith("CIRRUS_"));
    builder.environment().putAll(env);
    // Only the JVM itself writes here (each command's stderr comes back in its result).
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      return new CliSession(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code cirrus ARGS} in this JVM and waits for its result. */
  Result run(String... args) {
    List<String> encoded = Arrays.stream(args).map(arg ->
        Base64.getEncoder().encodeToString(arg.getBytes(StandardCharsets.UTF_8))).toList();
    String reply;
    try {
      commands.write((String.join(" ", encoded) + "\n").getBytes(StandardCharsets.UTF_8));
      commands.flush();
      reply = replies.poll(CliProcess.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException("the CLI's JVM ended early: exit " + exitCode(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (reply == null) {
      fail("cirrus " + String.join(" ", args) + " gave no result within "
          + CliProcess.TIMEOUT_SECONDS + " s (JVM " + (process.isAlive() ? "running" : "ended")
          + ")");
    }
    String[] parts = reply.split(" ", -1);
    Base64.Decoder decoder = Base64.getDecoder();
    return new Result(Integer.parseInt(parts[0]),
        new String(decoder.decode(parts[1]), StandardCharsets.UTF_8),
        new String(decoder.decode(parts[2]), StandardCharsets.UTF_8));
  }

  private String exitCode() {
    return process.isAlive() ? "none yet" : Integer.toString(process.exitValue());
  }

  private static Path testClasses() {
    try {
      return Path.of(
          CommandRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      commands.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
