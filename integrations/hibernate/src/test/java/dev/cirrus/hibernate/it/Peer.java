package dev.cirrus.hibernate.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.opentest4j.AssertionFailedError;

/**
 * A {@link PeerMain} in a child JVM, with this JVM's class path. Every wait is bounded; a failure
 * message carries the end of the child's log.
 */
final class Peer implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final Path log;

  private Peer(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readAnswers, "peer-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the child and waits until its SessionFactory is up. */
  static Peer start(Jdbc jdbc, URI cirrusConfig, Path log) throws IOException {
    return start(System.getProperty("java.class.path"), jdbc, cirrusConfig, log);
  }

  /**
   * Starts the child without the class path entry that holds {@code left} (a folder of classes or
   * a jar), so that nothing of it is there: not its classes, nor its {@code META-INF/services}.
   */
  static Peer startWithout(Class<?> left, Jdbc jdbc, URI cirrusConfig, Path log)
      throws IOException {
    Path entry;
    try {
      entry = Path.of(left.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> kept = classPath.stream()
        .filter(path -> !Path.of(path).toAbsolutePath().normalize().equals(entry.normalize()))
        .toList();
    if (kept.size() != classPath.size() - 1) {
      throw new IllegalStateException(entry + " is not once on the class path " + classPath);
    }
    return start(String.join(File.pathSeparator, kept), jdbc, cirrusConfig, log);
  }

  private static Peer start(String classPath, Jdbc jdbc, URI cirrusConfig, Path log)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-Djava.net.preferIPv4Stack=true", "-Dorg.jboss.logging.provider=jdk",
        "-cp", classPath, PeerMain.class.getName(),
        jdbc.url(), jdbc.user(), jdbc.password(), cirrusConfig.toString());
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    Peer peer = new Peer(process, log);
    peer.expect("ready");
    return peer;
  }

  /** Sends a command and returns the answer's tab-separated fields. */
  String[] call(String command) throws IOException {
    commands.write(command + "\n");
    commands.flush();
    return next().split("\t");
  }

  /** Asks the child to close its SessionFactory and returns its exit code. */
  int exit() throws IOException, InterruptedException {
    commands.write("exit\n");
    commands.flush();
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw failure("the child JVM did not exit within " + TIMEOUT.toSeconds() + " s");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private void expect(String answer) {
    String line = next();
    if (!line.equals(answer)) {
      throw failure("expected '" + answer + "' from the child JVM, got '" + line + "'");
    }
  }

  private String next() {
    try {
      String line = answers.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (line == null) {
        throw failure("no answer from the child JVM within " + TIMEOUT.toSeconds() + " s"
            + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted while waiting for the child JVM");
    }
  }

  private void readAnswers() {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(PeerMain.PREFIX)) {
          answers.add(line.substring(PeerMain.PREFIX.length()));
        }
      }
    } catch (IOException e) {
      // The child is gone; next() reports it, with its log.
    }
  }

  private AssertionFailedError failure(String message) {
    return new AssertionFailedError(message + "; child JVM log:\n" + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
