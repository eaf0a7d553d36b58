package dev.cirrus.server.fastpath;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Which connections a listener takes, by its {@link DataPathLimits}: connections that have not
 * said hello in a small budget of their own, authenticated ones in the large one, and neither
 * more than their share per remote address or per account. Its counts change once or twice per
 * connection, never per request, so one lock guards them all.
 */
final class Admission {
  private final DataPathLimits limits;
  /** Connections waiting for their hello: never more than the authenticated may be. */
  private final int maxUnauthenticated;
  private int unauthenticated;
  private int authenticated;
  private final Map<InetAddress, Integer> byAddress = new HashMap<>();
  private final Map<String, Integer> byAccount = new HashMap<>();

  Admission(DataPathLimits limits) {
    this.limits = limits;
    this.maxUnauthenticated = Math.min(limits.maxUnauthenticated(), limits.maxConnections());
  }

  /** A connection refused for want of room; the message says which bound and what to do. */
  static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message, null, false, false);
    }
  }

  /** Takes a new connection from {@code address}, still to say hello. */
  synchronized Ticket open(InetAddress address) throws RefusedException {
    if (unauthenticated >= maxUnauthenticated) {
      throw new RefusedException("the server already has " + unauthenticated + " data path"
          + " connections that have not said hello, its limit for them; say hello within "
          + limits.helloTimeout().toMillis() + " ms of connecting, retry shortly, or raise"
          + " --data-max-unauthenticated");
    }
    int fromAddress = byAddress.getOrDefault(address, 0);
    if (fromAddress >= limits.maxConnectionsPerAddress()) {
      throw new RefusedException("the server already serves " + fromAddress + " data path"
          + " connections from " + address.getHostAddress() + ", its limit per address; close"
          + " idle clients, use fewer threads, or raise --data-max-connections-per-address");
    }
    unauthenticated++;
    byAddress.put(address, fromAddress + 1);
    return new Ticket(address);
  }

  synchronized int unauthenticated() {
    return unauthenticated;
  }

  private synchronized void authenticate(String account) throws RefusedException {
    if (authenticated >= limits.maxConnections()) {
      throw new RefusedException("the server already serves " + authenticated + " data path"
          + " connections; close idle clients, use fewer threads, or raise --data-max-connections");
    }
    int ofAccount = byAccount.getOrDefault(account, 0);
    if (ofAccount >= limits.maxConnectionsPerAccount()) {
      throw new RefusedException("the server already serves " + ofAccount + " data path"
          + " connections of account '" + account + "', its limit per account; close idle"
          + " clients, use fewer threads, or raise --data-max-connections-per-account");
    }
    unauthenticated--;
    authenticated++;
    byAccount.put(account, ofAccount + 1);
  }

  private synchronized void release(InetAddress address, String account) {
    if (account == null) {
      unauthenticated--;
    } else {
      authenticated--;
      byAccount.computeIfPresent(account, (a, n) -> n == 1 ? null : n - 1);
    }
    byAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
  }

  /** One admitted connection's place in the counts, given back once by {@link #release}. */
  final class Ticket {
    private final InetAddress address;
    private String account;
    private boolean released;

    private Ticket(InetAddress address) {
      this.address = address;
    }

    /** Moves the connection from the hello budget to the authenticated one, as {@code account}'s. */
    void authenticate(String account) throws RefusedException {
      Admission.this.authenticate(account);
      this.account = account;
    }

    /** Idempotent. */
    synchronized void release() {
      if (!released) {
        released = true;
        Admission.this.release(address, account);
      }
    }
  }
}
