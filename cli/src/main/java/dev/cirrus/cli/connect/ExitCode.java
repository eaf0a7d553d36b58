package dev.cirrus.cli.connect;

/**
 * The exit codes scripts can rely on. Picocli's own usage errors are {@link #USAGE} as well.
 */
public final class ExitCode {

  /** The command did what was asked; a read found its entry. */
  public static final int OK = 0;
  /** A read found no entry (get), or a delete found nothing to delete. */
  public static final int MISS = 1;
  /** The command line (or a value in the environment) is wrong: see the message and --help. */
  public static final int USAGE = 2;
  /** No token, or the server refused it (unknown, expired, revoked, lacking a permission). */
  public static final int AUTH = 3;
  /** The server could not be reached or did not answer in time. */
  public static final int UNREACHABLE = 4;
  /** The cache named does not exist (for this token's account). */
  public static final int NO_SUCH_CACHE = 5;
  /** The server refused the request otherwise (over a limit, bad value) or failed. */
  public static final int REFUSED = 6;

  private ExitCode() {}
}
