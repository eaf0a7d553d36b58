package dev.cirrus.jcache.internal.client;

import dev.cirrus.jcache.config.Endpoint;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.wire.V1Method;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Chooses the transport of each data call: the binary {@link FastDataPath} once the server has
 * advertised one (learnt from DescribeServer at the first data call), else gRPC. The data path is
 * used only when it speaks what this client spoke to reach gRPC (TLS for {@code cirrus+tls://},
 * with the same trust; plaintext for {@code cirrus://}), so a mismatch (a TLS-terminating proxy
 * in front of the gRPC port, say) leaves calls on gRPC instead of failing them. Never used with
 * {@code cirrus.data-path=grpc}.
 *
 * <p>When the data port refuses a connection (the server restarted, maybe elsewhere, or turned the
 * data path off) the port is forgotten and asked for again at once; the call goes by whichever
 * transport that answer names. When DescribeServer itself fails, calls go by gRPC and the question
 * is asked again after {@link #ASK_AGAIN}, or at once when it was unreachable and a call on gRPC
 * shows it back, so an unreachable server costs no more than one failed call of each kind, and a
 * call never waits for anything but its own timeouts.
 *
 * <p>Thread-safe: the state fields are volatile, and learning happens under this object's lock.
 */
final class DataPaths implements AutoCloseable {
  static final Duration ASK_AGAIN = Duration.ofSeconds(1);

  private static final Logger LOG = Logger.getLogger(DataPaths.class.getName());

  private final DataPath grpc;
  private final Endpoint endpoint;
  private final ClientSettings settings;
  private final Supplier<DescribeServerResponse> describe;
  private final boolean enabled;
  /** The data path's TLS settings for a {@code cirrus+tls://} endpoint, else null. */
  private final ClientTls tls;
  private volatile FastDataPath fast;
  /** Whether {@link #fast}'s server carries the control calls that have a data path number. */
  private volatile boolean carriesControl;
  /** Ask at the next data call, whatever {@link #askAfterNanos} says. */
  private volatile boolean askNow = true;
  /** After a failed DescribeServer: when to ask again. */
  private volatile long askAfterNanos;
  /**
   * The last DescribeServer found the server unreachable: the first call gRPC carries after it
   * shows the server back (a restart), and the question is asked again at once.
   */
  private volatile boolean unreachable;
  /** The server said it has no data path: ask again only once it may have restarted. */
  private volatile boolean offersNone;
  private volatile boolean closed;

  /**
   * @param endpoint the server whose data path this is
   * @param tls the client's TLS for a {@code cirrus+tls://} endpoint, else null
   * @param describe DescribeServer over gRPC, failing with a StatusRuntimeException
   */
  DataPaths(DataPath grpc, Endpoint endpoint, ClientSettings settings, ClientTls tls,
      Supplier<DescribeServerResponse> describe) {
    this.grpc = grpc;
    this.endpoint = endpoint;
    this.settings = settings;
    this.describe = describe;
    this.enabled = settings.dataPath() == DataPathMode.AUTO;
    this.tls = tls;
  }

  /** Runs {@code call} on the transport chosen for it. */
  <T> T run(Function<DataPath, T> call) {
    return run(call, false);
  }

  /**
   * Runs a control call that has a data path number ({@link V1Method#onDataPath()}): on the data
   * path when its server said it carries them (DescribeServer's {@code data_path_control}), else
   * on gRPC, as a server from before it answers them only there.
   */
  <T> T runControl(Function<DataPath, T> call) {
    return run(call, true);
  }

  private <T> T run(Function<DataPath, T> call, boolean control) {
    FastDataPath path = usable(fast(), control);
    if (path == null) {
      T answer = call.apply(grpc);
      if (unreachable) {
        unreachable = false;
        askNow = true;
      }
      return answer;
    }
    try {
      return call.apply(path);
    } catch (FastDataPath.UnusableException e) {
      if (e.kind() == FastDataPath.Unusable.BUSY) {
        return call.apply(grpc);
      }
      if (e.kind() == FastDataPath.Unusable.BROKEN) {
        setAside(path, e);
        return call.apply(grpc);
      }
      forget(path);
      FastDataPath relearnt = usable(fast(), control);
      if (relearnt == null) {
        return call.apply(grpc);
      }
      try {
        return call.apply(relearnt);
      } catch (FastDataPath.UnusableException again) {
        forget(relearnt);
        return call.apply(grpc);
      }
    }
  }

  private FastDataPath usable(FastDataPath path, boolean control) {
    return control && !carriesControl ? null : path;
  }

  /** Whether data calls now go by the binary data path (learning it first if due). */
  boolean usesFastPath() {
    return fast() != null;
  }

  /** A call failed with UNAVAILABLE: a server that comes back may offer a data path now. */
  void serverUnavailable() {
    if (fast == null) {
      offersNone = false;
      askNow = true;
    }
  }

  private FastDataPath fast() {
    FastDataPath path = fast;
    if (path != null || !enabled || !due()) {
      return path;
    }
    synchronized (this) {
      if (fast == null && !closed && due()) {
        learn();
      }
      return fast;
    }
  }

  private boolean due() {
    return !offersNone && (askNow || System.nanoTime() - askAfterNanos >= 0);
  }

  /** Asks the server for its data port; called under the lock. */
  private void learn() {
    DescribeServerResponse server;
    try {
      server = describe.get();
    } catch (StatusRuntimeException e) {
      askAfterNanos = System.nanoTime() + ASK_AGAIN.toNanos();
      askNow = false;
      unreachable = e.getStatus().getCode() == Status.Code.UNAVAILABLE;
      return;
    }
    unreachable = false;
    askNow = false;
    int port = server.getDataPort();
    if (port > 0 && server.getDataPortTls() != endpoint.tls()) {
      LOG.info(() -> "event=data_path_not_used endpoint=" + endpoint + " data_port="
          + port + " data_port_tls=" + server.getDataPortTls() + " reason=\"the data path does not"
          + " speak what this client reached gRPC with; data calls use gRPC\"");
    }
    if (port <= 0 || server.getDataPortTls() != endpoint.tls()) {
      // None this client can use; ask again only when the server may have restarted
      // (serverUnavailable).
      offersNone = true;
      return;
    }
    carriesControl = server.getDataPathControl();
    fast = new FastDataPath(new InetSocketAddress(endpoint.host(), port), settings, tls,
        Duration.ofMillis(Math.max(0, server.getDataIdleTimeoutMillis())),
        FastDataPath.maxConnections(settings, server.getDataPathSharedConnections()));
  }

  /**
   * Stops using a data path that failed before its hello was answered, and asks the server again
   * after {@link #ASK_AGAIN}: calls meanwhile go by gRPC, so a data path that keeps failing costs
   * one connection attempt a second, not one per call.
   */
  private synchronized void setAside(FastDataPath path, FastDataPath.UnusableException why) {
    if (fast == path) {
      fast = null;
      askNow = false;
      askAfterNanos = System.nanoTime() + ASK_AGAIN.toNanos();
      LOG.info(() -> "event=data_path_set_aside endpoint=" + endpoint + " reason=\""
          + why.getMessage() + "\" data calls use gRPC and the data path is tried again in "
          + ASK_AGAIN.toMillis() + " ms");
    }
    path.close();
  }

  private synchronized void forget(FastDataPath path) {
    if (fast == path) {
      fast = null;
      askNow = true;
    }
    path.close();
  }

  @Override
  public synchronized void close() {
    closed = true;
    FastDataPath path = fast;
    fast = null;
    if (path != null) {
      path.close();
    }
  }
}
