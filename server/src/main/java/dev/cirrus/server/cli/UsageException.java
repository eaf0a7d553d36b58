package dev.cirrus.server.cli;

/** Bad command-line input; the message names the flag and what it accepts. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
