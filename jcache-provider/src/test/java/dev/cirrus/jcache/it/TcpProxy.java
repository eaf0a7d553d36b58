package dev.cirrus.jcache.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder between a client and a server, so a test can cut every connection
 * (what a network blip or a load balancer does) while both ends stay up.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final long answerDelayMillis;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public TcpProxy(int targetPort) throws IOException {
    this(targetPort, 0);
  }

  /** @param answerDelayMillis how long every chunk from the server is held back: a slow server */
  public TcpProxy(int targetPort, long answerDelayMillis) throws IOException {
    this(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), answerDelayMillis);
  }

  /** A proxy to another loopback address than the one it listens on (127.0.0.1). */
  public TcpProxy(InetSocketAddress target) throws IOException {
    this(target, 0);
  }

  private TcpProxy(InetSocketAddress target, long answerDelayMillis) throws IOException {
    this.target = target;
    this.answerDelayMillis = answerDelayMillis;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Closes every open connection; new ones are accepted as before. */
  public void cutAll() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(server);
        pump(client, server, 0);
        pump(server, client, answerDelayMillis);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, long delayMillis) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (delayMillis > 0) {
            Thread.sleep(delayMillis);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side went away or the connection was cut
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing is best effort
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    cutAll();
  }
}
