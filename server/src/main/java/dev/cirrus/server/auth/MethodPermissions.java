package dev.cirrus.server.auth;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.server.error.CirrusException;
import io.grpc.MethodDescriptor;
import java.util.Map;
import java.util.Optional;

/**
 * The permission each cirrus.v1 method needs: reads READ, writes WRITE, control-plane mutations
 * CONTROL; DescribeServer only needs a valid token. A method missing from the table is refused, so
 * a new RPC cannot slip through unguarded.
 */
public final class MethodPermissions {
  /** Marker for "any valid token". */
  private static final Optional<Permission> ANY = Optional.empty();

  private final Map<String, Optional<Permission>> table;

  private MethodPermissions(Map<String, Optional<Permission>> table) {
    this.table = Map.copyOf(table);
  }

  public static MethodPermissions cirrusV1() {
    Optional<Permission> read = Optional.of(Permission.READ);
    Optional<Permission> write = Optional.of(Permission.WRITE);
    Optional<Permission> control = Optional.of(Permission.CONTROL);
    return new MethodPermissions(Map.ofEntries(
        entry(ControlPlaneGrpc.getDescribeServerMethod(), ANY),
        entry(ControlPlaneGrpc.getCreateCacheMethod(), control),
        entry(ControlPlaneGrpc.getListCachesMethod(), read),
        entry(ControlPlaneGrpc.getDescribeCacheMethod(), read),
        entry(ControlPlaneGrpc.getFlushCacheMethod(), control),
        entry(ControlPlaneGrpc.getDeleteCacheMethod(), control),
        entry(DataPlaneGrpc.getGetMethod(), read),
        entry(DataPlaneGrpc.getGetBatchMethod(), read),
        entry(DataPlaneGrpc.getContainsMethod(), read),
        entry(DataPlaneGrpc.getTouchMethod(), read),
        entry(DataPlaneGrpc.getScanMethod(), read),
        entry(DataPlaneGrpc.getSubscribeMethod(), read),
        entry(DataPlaneGrpc.getSetMethod(), write),
        entry(DataPlaneGrpc.getSetBatchMethod(), write),
        entry(DataPlaneGrpc.getDeleteMethod(), write),
        entry(DataPlaneGrpc.getDeleteBatchMethod(), write),
        entry(DataPlaneGrpc.getClearMethod(), write)));
  }

  private static Map.Entry<String, Optional<Permission>> entry(
      MethodDescriptor<?, ?> method, Optional<Permission> permission) {
    return Map.entry(method.getFullMethodName(), permission);
  }

  /**
   * Refuses {@code fullMethodName} with PERMISSION_DENIED when it is not served to token holders
   * or when {@code grant} lacks the permission it needs.
   */
  void check(TokenVerifier.Grant grant, String method) {
    Optional<Permission> needed = required(method);
    if (needed == null) {
      throw CirrusException.permissionDenied(
          "method " + method + " is not served to token holders", Map.of("method", method));
    }
    if (needed.isPresent() && !grant.permissions().contains(needed.get())) {
      String name = needed.get().claimName();
      throw CirrusException.permissionDenied(
          "the token for account '" + grant.account() + "' lacks the " + needed.get()
              + " permission that " + method + " needs; issue a token with --permissions "
              + name + " (e.g. read,write,control)",
          Map.of("account", grant.account(), "permission", name, "method", method));
    }
  }

  /**
   * The permission {@code fullMethodName} needs: empty for "any valid token", null when the
   * method is unknown.
   */
  Optional<Permission> required(String fullMethodName) {
    return table.get(fullMethodName);
  }
}
