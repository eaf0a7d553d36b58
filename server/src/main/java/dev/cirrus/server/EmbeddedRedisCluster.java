package dev.cirrus.server;

import dev.cirrus.server.store.redis.RedisTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis Cluster for tests, as {@link EmbeddedServer} is a real server: 3 masters and 3
 * replicas of the machine's {@code redis-server},
 * on free loopback ports, in a temporary directory, made a cluster with {@code redis-cli --cluster
 * create}. Started once per test JVM on first use ({@link #shared()}) and stopped when the JVM
 * exits, so the test classes that need it pay for one start (a few seconds).
 */
public final class EmbeddedRedisCluster {
  public static final String REDIS_SERVER = "/usr/bin/redis-server";
  public static final String REDIS_CLI = "/usr/bin/redis-cli";
  private static final int NODES = 6;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static EmbeddedRedisCluster shared;

  private final Path dir;
  private final List<Integer> ports;
  private final boolean cluster;
  private final Security security;
  private final List<Process> processes = new ArrayList<>();

  /**
   * How clients reach the nodes: over TLS with this certificate and key (PEM; the certificate is
   * also the CA that clients trust) when {@code certificate} is not null, and with this password
   * ({@code requirepass}) when {@code password} is not null.
   */
  public record Security(Path certificate, Path privateKey, String password) {
    static final Security NONE = new Security(null, null, null);

    boolean tls() {
      return certificate != null;
    }
  }

  private EmbeddedRedisCluster(Path dir, List<Integer> ports, boolean cluster, Security security) {
    this.dir = dir;
    this.ports = ports;
    this.cluster = cluster;
    this.security = security;
  }

  /**
   * One plain (non-cluster) {@code redis-server} of its own, for tests of the store on a single
   * Redis; the caller stops it with {@link #stop()} (else it stops when the JVM exits).
   */
  public static EmbeddedRedisCluster startPlain() throws IOException, InterruptedException {
    return startPlain(Security.NONE);
  }

  /** One plain {@code redis-server}, reached as {@code security} says; see {@link #startPlain()}. */
  public static EmbeddedRedisCluster startPlain(Security security)
      throws IOException, InterruptedException {
    if (!available()) {
      throw new IllegalStateException("redis-server is not installed at " + REDIS_SERVER
          + "; run ./test.sh, which installs it, or apt-get install redis-server");
    }
    EmbeddedRedisCluster plain = new EmbeddedRedisCluster(
        Files.createTempDirectory("cirrus-redis-"), freePorts(1), false, security);
    Runtime.getRuntime().addShutdownHook(new Thread(plain::stop, "redis-stop"));
    plain.start();
    return plain;
  }

  /** Whether this machine has Redis (tests that need it say so when it is missing). */
  public static boolean available() {
    return Files.isExecutable(Path.of(REDIS_SERVER)) && Files.isExecutable(Path.of(REDIS_CLI));
  }

  /** The cluster of this JVM, started on first call. */
  public static synchronized EmbeddedRedisCluster shared() {
    if (shared == null) {
      shared = startCluster();
    }
    return shared;
  }

  /**
   * A cluster of its own, for a test that breaks it (kills a master); the caller stops it with
   * {@link #stop()} (else it stops when the JVM exits).
   */
  public static EmbeddedRedisCluster startCluster() {
    return startCluster(Security.NONE);
  }

  /** A cluster of its own whose nodes are reached as {@code security} says (TLS, password). */
  public static EmbeddedRedisCluster startCluster(Security security) {
    if (!available()) {
      throw new IllegalStateException("redis-server is not installed at " + REDIS_SERVER
          + "; run ./test.sh, which installs it, or apt-get install redis-server");
    }
    try {
      EmbeddedRedisCluster cluster = new EmbeddedRedisCluster(
          Files.createTempDirectory("cirrus-redis-"), freePorts(NODES), true, security);
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "redis-cluster-stop"));
      cluster.start();
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test Redis Cluster", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the test Redis Cluster", e);
    }
  }

  /** The nodes as the store takes them (every master and replica; the one plain Redis). */
  public RedisTarget target() {
    List<RedisTarget.HostPort> nodes = new ArrayList<>();
    for (int port : ports) {
      nodes.add(new RedisTarget.HostPort("127.0.0.1", port));
    }
    return new RedisTarget(nodes, security.tls(), security.password(), security.certificate());
  }

  /** {@code redis://127.0.0.1:P1,...}: the value of {@code --store}. */
  public String uri() {
    return target().toString();
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** Empties every node (replicas follow their masters), so a test class starts on nothing. */
  public void flushAll() throws IOException, InterruptedException {
    for (int port : masters()) {
      cli(port, "flushall");
    }
  }

  /** The ports of the nodes that are masters now. */
  public List<Integer> masters() throws IOException, InterruptedException {
    List<Integer> masters = new ArrayList<>();
    for (int port : ports) {
      if (processes.get(ports.indexOf(port)).isAlive() && role(port).equals("master")) {
        masters.add(port);
      }
    }
    return masters;
  }

  /** The port of the replica of the master at {@code masterPort}. */
  public int replicaOf(int masterPort) throws IOException, InterruptedException {
    for (int port : ports) {
      // A replica's ROLE answers "slave", its master's host and port, and its link state.
      List<String> role = cli(port, "role").lines().toList();
      if (role.size() > 2 && role.get(0).equals("slave")
          && role.get(2).equals(Integer.toString(masterPort))) {
        return port;
      }
    }
    throw new IllegalStateException("no replica of the master on port " + masterPort);
  }

  /** What the node at {@code port} is: master or slave (Redis's word for a replica). */
  public String role(int port) throws IOException, InterruptedException {
    return cli(port, "role").lines().findFirst().orElse("");
  }

  /** SIGKILL of the node at {@code port}: no goodbye, no last write to its replica. */
  public void kill(int port) throws InterruptedException {
    Process process = processes.get(ports.indexOf(port));
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Runs redis-cli against one node and returns what it printed. */
  public String cli(int port, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(REDIS_CLI, "-h", "127.0.0.1", "-p",
        Integer.toString(port)));
    command.addAll(cliSecurity());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("redis-cli " + String.join(" ", args) + " did not finish");
    }
    return out.trim();
  }

  /** redis-cli's flags for TLS and the password. */
  private List<String> cliSecurity() {
    List<String> flags = new ArrayList<>();
    if (security.tls()) {
      flags.addAll(List.of("--tls", "--cacert", security.certificate().toString()));
    }
    if (security.password() != null) {
      flags.addAll(List.of("-a", security.password(), "--no-auth-warning"));
    }
    return flags;
  }

  private void start() throws IOException, InterruptedException {
    for (int port : ports) {
      List<String> command = new ArrayList<>(List.of(REDIS_SERVER,
          "--bind", "127.0.0.1", "--cluster-enabled", cluster ? "yes" : "no",
          "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout", "2000",
          "--dir", dir.toString(), "--save", "", "--appendonly", "no",
          "--logfile", dir.resolve("redis-" + port + ".log").toString()));
      if (security.tls()) {
        // TLS only, between nodes too: the plain port is off.
        command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
            "--tls-cert-file", security.certificate().toString(),
            "--tls-key-file", security.privateKey().toString(),
            "--tls-ca-cert-file", security.certificate().toString(),
            "--tls-auth-clients", "no", "--tls-cluster", "yes", "--tls-replication", "yes"));
      } else {
        command.addAll(List.of("--port", Integer.toString(port)));
      }
      if (security.password() != null) {
        command.addAll(List.of("--requirepass", security.password(),
            "--masterauth", security.password()));
      }
      processes.add(new ProcessBuilder(command)
          .redirectErrorStream(true).redirectOutput(dir.resolve("out-" + port + ".txt").toFile())
          .start());
    }
    for (int port : ports) {
      awaitListening(port);
    }
    if (!cluster) {
      return;
    }
    List<String> create = new ArrayList<>(List.of(REDIS_CLI));
    create.addAll(cliSecurity());
    create.addAll(List.of("--cluster", "create"));
    for (int port : ports) {
      create.add("127.0.0.1:" + port);
    }
    create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    Process p = new ProcessBuilder(create).redirectErrorStream(true)
        .redirectOutput(dir.resolve("create.txt").toFile()).start();
    if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("redis-cli --cluster create failed: "
          + Files.readString(dir.resolve("create.txt")));
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (int port : ports) {
      while (!cli(port, "cluster", "info").contains("cluster_state:ok")) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the test Redis Cluster did not become ready on port " + port);
        }
        Thread.sleep(100);
      }
    }
    // A replica that has not finished its first sync cannot take over from its master: a test
    // that kills a master needs every replica in sync first.
    for (int port : ports) {
      while (role(port).equals("slave")
          && !cli(port, "info", "replication").contains("master_link_status:up")) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the replica on port " + port + " did not sync with its master");
        }
        Thread.sleep(100);
      }
    }
  }

  private static void awaitListening(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("redis-server did not listen on port " + port, e);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Ports P whose cluster bus ports P + 10000 are free too. */
  private static List<Integer> freePorts(int count) {
    List<Integer> ports = new ArrayList<>();
    while (ports.size() < count) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      if (!ports.contains(port) && free(port) && free(port + 10_000)) {
        ports.add(port);
      }
    }
    return ports;
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the processes and deletes their directory; idempotent. */
  public synchronized void stop() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
    processes.clear();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Best effort at exit: a temporary directory left behind is harmless.
    }
  }
}
