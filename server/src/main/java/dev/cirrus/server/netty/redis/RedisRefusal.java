package dev.cirrus.server.netty.redis;

import java.util.List;

/**
 * Redis answered a command with an error (MOVED after a slot moved, NOSCRIPT, NOAUTH, ...): it
 * did not run the command, so the caller may send it elsewhere. A connection that breaks under a
 * command fails it with an {@link java.io.IOException} instead: then it may or may not have run.
 */
public final class RedisRefusal extends RuntimeException {
  /**
   * Errors Redis answers before it runs anything of the command: the key's slot is elsewhere or
   * moving, the cluster or node is not ready, the script is not loaded.
   */
  private static final List<String> BEFORE_RUNNING =
      List.of("MOVED ", "ASK ", "TRYAGAIN", "CLUSTERDOWN", "LOADING", "NOSCRIPT", "MASTERDOWN");

  public RedisRefusal(String message) {
    super(message, null, false, false);
  }

  /**
   * Whether Redis refused the command before running any of it, so that sending it again
   * elsewhere applies it once. A script that failed part way (an error inside it, OOM at a write)
   * may have applied what came before.
   */
  public boolean beforeRunning() {
    String message = getMessage();
    return BEFORE_RUNNING.stream().anyMatch(message::startsWith);
  }
}
