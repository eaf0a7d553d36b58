package dev.cirrus.server.v1;

/**
 * The gRPC status codes cirrus.v1 answers with, as the numbers gRPC publishes: the data path
 * sends them in its ERROR frames without depending on gRPC, and the gRPC adapter turns them into
 * its {@code Status}.
 */
public final class StatusCodes {
  public static final int INVALID_ARGUMENT = 3;
  public static final int NOT_FOUND = 5;
  public static final int ALREADY_EXISTS = 6;
  public static final int PERMISSION_DENIED = 7;
  public static final int RESOURCE_EXHAUSTED = 8;
  public static final int FAILED_PRECONDITION = 9;
  public static final int INTERNAL = 13;
  public static final int UNAVAILABLE = 14;
  public static final int UNAUTHENTICATED = 16;

  private StatusCodes() {}
}
