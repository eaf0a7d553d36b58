package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.metrics.Refusals;
import dev.cirrus.server.v1.StatusCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Listens for data path connections and serves each on its own daemon thread (blocking I/O: the
 * thread that reads a request runs it and writes the answer), in plaintext or, with {@link
 * DataPathOptions#tls()}, TLS 1.2/1.3 only. What connections may hold is bounded by {@link
 * DataPathLimits} ({@link Admission}): a connection over a bound is answered RESOURCE_EXHAUSTED,
 * naming it, and closed, when accepted (connections still to say hello, connections from its
 * address) or at its hello (authenticated connections, connections of its account). Request bytes
 * held beyond each frame's first ones are bounded server-wide ({@link InFlightBytes}).
 *
 * <p>The acceptor thread only accepts: TLS handshakes run on the connection's own thread, and
 * refusals on one refusal thread, so a silent client never holds up the next accept. A watchdog
 * thread drops connections that overrun their deadlines (see {@link DataConnection}).
 *
 * <p>{@link #close} stops accepting, ends idle connections at once and busy ones as soon as they
 * have answered (each told GOODBYE by its own thread), and returns within {@link #CLOSE_GRACE}.
 */
public final class DataPathListener implements AutoCloseable {
  /** How long {@link #close} lets busy connections finish their request. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
  /** Refusals waiting for the refusal thread beyond this many are dropped without an answer. */
  private static final int REFUSALS_QUEUED = 64;

  private static final Logger LOG = Logger.getLogger(DataPathListener.class.getName());

  private final ServerSocket server;
  private final DataRequests requests;
  private final DataPathOptions options;
  private final String[] tlsProtocols;
  private final DataPathCounters counters = new DataPathCounters();
  private final Admission admission;
  private final InFlightBytes inFlight;
  /** Live connections and their threads; guarded by being concurrent, added by the acceptor only. */
  private final Map<DataConnection, Thread> connections = new ConcurrentHashMap<>();
  private final AtomicLong connectionNumbers = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread acceptor;
  private final Thread watchdog;
  private final ThreadPoolExecutor refusals;

  private DataPathListener(ServerSocket server, DataRequests requests, DataPathOptions options) {
    this.server = server;
    this.requests = requests;
    this.options = options;
    this.admission = new Admission(options.limits());
    this.inFlight = new InFlightBytes(options.limits().maxBytesInFlight());
    this.tlsProtocols = options.tls() == null ? new String[0] : tlsProtocols(options);
    int port = server.getLocalPort();
    this.acceptor = daemon(this::accept, "cirrus-data-accept-" + port);
    this.watchdog = daemon(this::watch, "cirrus-data-watchdog-" + port);
    // One thread, started on demand and ended when unused: refusals are rare, and with TLS each
    // costs a handshake that must not run on the acceptor.
    this.refusals = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(REFUSALS_QUEUED),
        runnable -> daemon(runnable, "cirrus-data-refuse-" + port));
    this.refusals.allowCoreThreadTimeOut(true);
  }

  /** TLS 1.3 and 1.2, those of them the JDK offers; older versions are never negotiated. */
  private static String[] tlsProtocols(DataPathOptions options) {
    List<String> supported = Arrays.asList(
        options.tls().getSupportedSSLParameters().getProtocols());
    String[] protocols = List.of("TLSv1.3", "TLSv1.2").stream()
        .filter(supported::contains).toArray(String[]::new);
    if (protocols.length == 0) {
      throw new IllegalArgumentException("this JDK offers neither TLS 1.3 nor TLS 1.2");
    }
    return protocols;
  }

  /** Binds {@code host:port} (0 for a free port) and starts accepting. */
  public static DataPathListener start(String host, int port, DataRequests requests,
      DataPathOptions options) throws IOException {
    requireNonNull(requests, "requests");
    requireNonNull(options, "options");
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(host, port), 128);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    DataPathListener listener;
    try {
      listener = new DataPathListener(server, requests, options);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    listener.acceptor.start();
    listener.watchdog.start();
    return listener;
  }

  /** The bound port. */
  public int port() {
    return server.getLocalPort();
  }

  /** Whether connections speak TLS. */
  public boolean tls() {
    return options.tls() != null;
  }

  /** What this listener has done so far. */
  public DataPathStats stats() {
    return counters.snapshot(tls(), connections.size(), admission.unauthenticated(),
        inFlight.held());
  }

  private void accept() {
    while (!closed.get()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed.get()) {
          LOG.log(Level.WARNING, e, () -> "event=data_accept_failed port=" + port());
          pause();
        }
        continue;
      }
      Admission.Ticket ticket = null;
      try {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        long acceptedNanos = System.nanoTime();
        try {
          ticket = admission.open(socket.getInetAddress());
        } catch (Admission.RefusedException e) {
          refuse(socket, new DataConnection(socket, requests, options, tlsProtocols, counters,
              null, inFlight.share(), acceptedNanos), e.getMessage());
          continue;
        }
        start(socket, ticket, acceptedNanos);
      } catch (IOException | RuntimeException | Error e) {
        LOG.log(Level.WARNING, e, () -> "event=data_connection_not_started");
        close(socket);
        if (ticket != null) {
          ticket.release();
        }
      }
    }
  }

  /** Serves an admitted connection on a thread of its own, which gives back its ticket at the end. */
  private void start(Socket socket, Admission.Ticket ticket, long acceptedNanos) {
    DataConnection connection = new DataConnection(socket, requests, options, tlsProtocols,
        counters, ticket, inFlight.share(), acceptedNanos);
    Thread thread = new Thread(() -> {
      try {
        connection.run();
      } finally {
        connections.remove(connection);
        ticket.release();
      }
    }, "cirrus-data-" + connectionNumbers.incrementAndGet());
    thread.setDaemon(true);
    connections.put(connection, thread);
    try {
      if (closed.get()) {
        connection.closeSocket();
      }
      thread.start();
    } catch (RuntimeException | Error e) {
      connections.remove(connection);
      throw e;
    }
    counters.accepted.increment();
  }

  private void refuse(Socket socket, DataConnection connection, String description)
      throws IOException {
    counters.refusedConnections.increment();
    requests.refused(StatusCodes.RESOURCE_EXHAUSTED, Refusals.Reason.CONNECTIONS);
    LOG.warning(() -> "event=data_connection_refused reason=\"" + description + "\"");
    // Outside the watchdog's care, so the read timeout bounds the TLS handshake.
    socket.setSoTimeout((int) Math.max(1, options.openingTimeoutNanos() / 1_000_000));
    try {
      refusals.execute(new Refusal(connection, description));
    } catch (RejectedExecutionException e) {
      LOG.warning("event=data_refusal_dropped reason=\"refusal queue full, or closing\"");
      connection.closeSocket();
    }
  }

  /** A connection to answer RESOURCE_EXHAUSTED on the refusal thread. */
  private record Refusal(DataConnection connection, String description) implements Runnable {
    @Override
    public void run() {
      connection.refuse(StatusCodes.RESOURCE_EXHAUSTED, description);
    }
  }

  /** Drops connections past their deadlines, checking a few times per the shortest of them. */
  private void watch() {
    // A quarter of the shortest bound: a connection overruns its deadline by at most that much.
    long shortest = Math.min(options.idleTimeoutNanos(),
        Math.min(options.openingTimeoutNanos(), options.frameTimeoutNanos()));
    long tickMillis = Math.max(10, Math.min(1_000, shortest / 4_000_000));
    while (!closed.get()) {
      try {
        Thread.sleep(tickMillis);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (DataConnection connection : connections.keySet()) {
        connection.expireIfDue(now);
      }
    }
  }

  /** Stops accepting and closes every connection, busy ones once they answered; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    close(server);
    watchdog.interrupt();
    for (Runnable queued : refusals.shutdownNow()) {
      ((Refusal) queued).connection().closeSocket();
    }
    // Connections whose threads are finishing an answer or saying GOODBYE get the grace period.
    boolean finishing = false;
    for (DataConnection connection : connections.keySet()) {
      finishing |= connection.close();
    }
    long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
    boolean interrupted = false;
    try {
      acceptor.join(CLOSE_GRACE.toMillis());
      for (Thread thread : connections.values()) {
        long left = deadline - System.nanoTime();
        if (left > 0 && finishing) {
          thread.join(Math.max(1, left / 1_000_000));
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    connections.keySet().forEach(DataConnection::closeSocket);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void close(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      LOG.log(Level.FINEST, e, () -> "event=data_close_failed");
    }
  }
}
