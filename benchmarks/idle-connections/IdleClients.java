import java.io.*;
import java.net.*;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.*;

/**
 * Opens N authenticated data path connections and leaves them idle, then times 2,000 calls of one
 * more connection beside them, and holds everything open for a while so the server's threads and
 * memory can be read. A single-file program: {@code java -Xss256k IdleClients.java DATA_PORT TOKEN N
 * GET_METHOD_NUMBER HOLD_MILLIS}; see docs/benchmarks.md, "10,000 idle connections".
 */
public class IdleClients {
  static byte[] frame(byte kind, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length).putInt(1 + payload.length).put(kind).put(payload).array();
  }
  static int readFrameKind(DataInputStream in) throws IOException {
    int len = in.readInt(); byte kind = in.readByte(); in.skipNBytes(len - 1); return kind;
  }
  static Socket open(int port, String token) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(60_000);
    byte[] auth = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    byte[] id = "idle".getBytes(StandardCharsets.UTF_8);
    ByteBuffer p = ByteBuffer.allocate(8 + auth.length + id.length);
    p.putInt(auth.length).put(auth).putInt(id.length).put(id);
    s.getOutputStream().write(frame((byte) 1, p.array()));
    int kind = readFrameKind(new DataInputStream(s.getInputStream()));
    if (kind != 3) throw new IOException("hello answered with kind " + kind);
    return s;
  }
  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]); String token = a[1]; int n = Integer.parseInt(a[2]);
    byte getMethod = Byte.parseByte(a[3]);
    List<Socket> idle = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      idle.add(open(port, token));
    }
    System.out.printf("opened %d authenticated connections in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    System.out.flush();
    Socket active = open(port, token);
    DataInputStream in = new DataInputStream(active.getInputStream());
    OutputStream out = active.getOutputStream();
    // GetRequest{cache:"c", key:"k"}: the cache need not exist, the answer is a round trip either way.
    byte[] get = {getMethod, 0x0A, 1, 'c', 0x12, 1, 'k'};
    byte[] req = frame((byte) 2, get);
    long[] lat = new long[2000];
    for (int i = 0; i < lat.length; i++) {
      long s = System.nanoTime();
      out.write(req); out.flush();
      readFrameKind(in);
      lat[i] = System.nanoTime() - s;
    }
    Arrays.sort(lat);
    System.out.printf("active client beside them: %d gets, p50 %.0f us, p99 %.0f us%n", lat.length,
        lat[lat.length / 2] / 1e3, lat[lat.length * 99 / 100] / 1e3);
    System.out.println("READY"); System.out.flush();
    Thread.sleep(Long.parseLong(a[4]));
    for (Socket s : idle) s.close();
    active.close();
  }
}
