package dev.cirrus.jcache.client;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One blocking connection of the data path, used by one thread at a time: the caller writes its
 * request and reads the answer on its own thread, bounded by the socket's read timeout.
 */
final class FastConnection implements AutoCloseable {
  /** The largest answer accepted, as the gRPC channel's inbound message limit. */
  static final int MAX_FRAME = 64 * 1024 * 1024 + 16;

  /** A frame as read. */
  record Frame(byte kind, byte[] payload) {}

  /**
   * The connection failed before any byte of the answer arrived (write failed, or the server
   * closed): the request may not have run.
   */
  static final class NoAnswerException extends IOException {
    private static final long serialVersionUID = 1L;

    NoAnswerException(IOException cause) {
      super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private FastConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    this.out = socket.getOutputStream();
  }

  /** Connects with TCP_NODELAY; the caller sends the hello with {@link #exchange}. */
  static FastConnection open(InetSocketAddress address, int connectTimeoutMillis)
      throws IOException {
    Socket socket = new Socket();
    try {
      // Nagle's algorithm would hold small requests back waiting for more bytes.
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      socket.connect(address, Math.max(1, connectTimeoutMillis));
      return new FastConnection(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Writes {@code frame} and reads the one frame that answers it.
   *
   * @throws NoAnswerException when the connection failed before any byte of the answer
   * @throws SocketTimeoutException when no answer came within {@code timeoutMillis}
   */
  Frame exchange(byte[] frame, int timeoutMillis) throws IOException {
    socket.setSoTimeout(Math.max(1, timeoutMillis));
    int first;
    try {
      out.write(frame);
      first = in.read();
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      throw new NoAnswerException(e);
    }
    if (first < 0) {
      throw new NoAnswerException(new EOFException("the server closed the connection"));
    }
    int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
        | in.readUnsignedByte();
    if (length < 1 || length > MAX_FRAME) {
      throw new IOException("the server sent a frame of " + (length & 0xFFFF_FFFFL)
          + " bytes, over the limit of " + MAX_FRAME);
    }
    byte kind = in.readByte();
    byte[] payload = new byte[length - 1];
    in.readFully(payload);
    return new Frame(kind, payload);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing is left to release: the socket is gone either way.
    }
  }
}
