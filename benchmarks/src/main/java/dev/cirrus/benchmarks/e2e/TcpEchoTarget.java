package dev.cirrus.benchmarks.e2e;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The floor: a blocking TCP echo of the payload each cache operation would move, one connection
 * per client thread (so no thread ever waits for another's answer).
 */
final class TcpEchoTarget implements Target {

  private final int port;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Connection> perThread = ThreadLocal.withInitial(this::connect);

  TcpEchoTarget(int port) {
    this.port = port;
  }

  private Connection connect() {
    try {
      Socket socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 3_000);
      Connection connection = new Connection(socket,
          new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65_536)),
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 65_536)));
      connections.add(connection);
      return connection;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to the TCP echo server on port " + port, e);
    }
  }

  @Override
  public Dataset dataset(String name, int valueSize) {
    return new EchoDataset(valueSize, payload -> perThread.get().echo(payload));
  }

  @Override
  public void close() {
    for (Connection connection : connections) {
      try {
        connection.socket().close();
      } catch (IOException e) {
        System.err.println("closing a TCP echo connection failed: " + e);
      }
    }
  }

  private record Connection(Socket socket, DataInputStream in, DataOutputStream out) {
    byte[] echo(byte[] payload) {
      try {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        return answer;
      } catch (IOException e) {
        throw new UncheckedIOException("TCP echo failed", e);
      }
    }
  }
}
