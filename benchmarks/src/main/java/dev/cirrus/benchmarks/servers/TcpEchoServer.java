package dev.cirrus.benchmarks.servers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The floor: a blocking TCP echo, one thread per connection, frames of a 4-byte length and the
 * payload. Nothing a real cache could do over TCP between two JVMs is cheaper.
 *
 * <p>Usage: {@code TcpEchoServer --port P}; stops on SIGTERM.
 */
public final class TcpEchoServer {

  private TcpEchoServer() {}

  public static void main(String[] argv) throws IOException {
    Args args = new Args(argv);
    try (ServerSocket server =
        new ServerSocket(args.getInt("port"), 128, InetAddress.getByName("127.0.0.1"))) {
      System.out.println("READY tcp-echo on 127.0.0.1:" + server.getLocalPort());
      while (true) {
        Socket socket = server.accept();
        Thread thread = new Thread(() -> serve(socket), "tcp-echo-" + socket.getPort());
        thread.setDaemon(true);
        thread.start();
      }
    }
  }

  private static void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65_536));
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 65_536));
      byte[] buffer = new byte[1024];
      while (true) {
        int length = in.readInt();
        if (length > buffer.length) {
          buffer = new byte[length];
        }
        in.readFully(buffer, 0, length);
        out.writeInt(length);
        out.write(buffer, 0, length);
        out.flush();
      }
    } catch (EOFException e) {
      // the client closed the connection
    } catch (IOException e) {
      System.err.println("tcp-echo connection ended: " + e);
    }
  }
}
