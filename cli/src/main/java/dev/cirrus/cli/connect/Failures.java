package dev.cirrus.cli.connect;

import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.config.ConfigException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import javax.cache.CacheException;

/**
 * The one place where the provider's failures become exit codes. The provider's message already
 * says what failed and what to do; this adds the CLI's way of doing it (a flag instead of a
 * config key) where the provider's wording names a key.
 */
public final class Failures {

  private Failures() {}

  public static CliException of(CacheException e) {
    if (e instanceof ConfigException) {
      return new CliException(ExitCode.USAGE, e.getMessage(), e);
    }
    if (CirrusClient.isCacheNotFound(e)) {
      return new CliException(ExitCode.NO_SUCH_CACHE,
          e.getMessage() + " (list them with `cirrus cache list`, create one with `cirrus cache"
              + " create NAME`)", e);
    }
    if (CirrusClient.isUnavailable(e)) {
      return new CliException(ExitCode.UNREACHABLE,
          e.getMessage() + "\nhint: pass --uri cirrus://HOST:PORT or set CIRRUS_URI", e);
    }
    Status.Code code = e.getCause() instanceof StatusRuntimeException sre
        ? sre.getStatus().getCode() : Status.Code.UNKNOWN;
    switch (code) {
      case UNAUTHENTICATED:
      case PERMISSION_DENIED:
        return new CliException(ExitCode.AUTH, e.getMessage(), e);
      case NOT_FOUND:
        return new CliException(ExitCode.NO_SUCH_CACHE, e.getMessage(), e);
      default:
        return new CliException(ExitCode.REFUSED, e.getMessage(), e);
    }
  }
}
