package dev.cirrus.server.fastpath;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Listens for data path connections and serves each on its own daemon thread (blocking I/O: the
 * thread that reads a request runs it and writes the answer). At most {@code maxConnections} are
 * served at once; one more is answered RESOURCE_EXHAUSTED and closed.
 *
 * <p>{@link #close} stops accepting, closes idle connections at once and busy ones as soon as they
 * have answered, and returns within {@link #CLOSE_GRACE}.
 */
public final class DataPathListener implements AutoCloseable {
  /** The default bound on connections served at once. */
  public static final int DEFAULT_MAX_CONNECTIONS = 512;
  /** How long {@link #close} lets busy connections finish their request. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  private static final Logger LOG = Logger.getLogger(DataPathListener.class.getName());

  private final ServerSocket server;
  private final DataRequests requests;
  private final int maxFrameLength;
  private final int maxConnections;
  /** Live connections and their threads; guarded by being concurrent, added by the acceptor only. */
  private final Map<DataConnection, Thread> connections = new ConcurrentHashMap<>();
  private final AtomicLong connectionNumbers = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread acceptor;

  private DataPathListener(ServerSocket server, DataRequests requests, int maxFrameLength,
      int maxConnections) {
    this.server = server;
    this.requests = requests;
    this.maxFrameLength = maxFrameLength;
    this.maxConnections = maxConnections;
    this.acceptor = new Thread(this::accept, "cirrus-data-accept-" + server.getLocalPort());
    this.acceptor.setDaemon(true);
  }

  /**
   * Binds {@code host:port} (0 for a free port) and starts accepting.
   *
   * @param maxRequestBytes the largest request message accepted, as on the gRPC port
   */
  public static DataPathListener start(String host, int port, DataRequests requests,
      int maxRequestBytes, int maxConnections) throws IOException {
    requireNonNull(requests, "requests");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
    }
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(host, port), 128);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    // The frame holds the kind and the method number besides the message.
    DataPathListener listener = new DataPathListener(
        server, requests, (int) Math.min(Integer.MAX_VALUE, maxRequestBytes + 2L), maxConnections);
    listener.acceptor.start();
    return listener;
  }

  /** The bound port. */
  public int port() {
    return server.getLocalPort();
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
      try {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        if (connections.size() >= maxConnections) {
          refuse(socket);
          continue;
        }
        DataConnection connection = new DataConnection(socket, requests, maxFrameLength);
        Thread thread = new Thread(() -> {
          try {
            connection.run();
          } finally {
            connections.remove(connection);
          }
        }, "cirrus-data-" + connectionNumbers.incrementAndGet());
        thread.setDaemon(true);
        connections.put(connection, thread);
        if (closed.get()) {
          connection.closeSocket();
        }
        thread.start();
      } catch (IOException | RuntimeException | Error e) {
        LOG.log(Level.WARNING, e, () -> "event=data_connection_not_started");
        close(socket);
      }
    }
  }

  private void refuse(Socket socket) {
    LOG.warning(() -> "event=data_connection_refused limit=" + maxConnections);
    try (socket) {
      OutputStream out = socket.getOutputStream();
      out.write(Frames.error(Status.RESOURCE_EXHAUSTED.withDescription("the server already serves "
          + maxConnections + " data path connections; close idle clients or use fewer threads"), null));
    } catch (IOException e) {
      LOG.log(Level.FINEST, e, () -> "event=data_refusal_unsent");
    }
  }

  /** Stops accepting and closes every connection, busy ones once they answered; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    close(server);
    boolean busy = false;
    for (DataConnection connection : connections.keySet()) {
      busy |= connection.close();
    }
    long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
    boolean interrupted = false;
    try {
      acceptor.join(CLOSE_GRACE.toMillis());
      for (Thread thread : connections.values()) {
        long left = deadline - System.nanoTime();
        if (left > 0 && busy) {
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
