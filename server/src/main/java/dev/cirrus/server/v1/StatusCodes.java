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

  /** gRPC's name of {@code code}, e.g. {@code RESOURCE_EXHAUSTED}, as metrics label it. */
  public static String name(int code) {
    return switch (code) {
      case 0 -> "OK";
      case 1 -> "CANCELLED";
      case 2 -> "UNKNOWN";
      case INVALID_ARGUMENT -> "INVALID_ARGUMENT";
      case 4 -> "DEADLINE_EXCEEDED";
      case NOT_FOUND -> "NOT_FOUND";
      case ALREADY_EXISTS -> "ALREADY_EXISTS";
      case PERMISSION_DENIED -> "PERMISSION_DENIED";
      case RESOURCE_EXHAUSTED -> "RESOURCE_EXHAUSTED";
      case FAILED_PRECONDITION -> "FAILED_PRECONDITION";
      case 10 -> "ABORTED";
      case 11 -> "OUT_OF_RANGE";
      case 12 -> "UNIMPLEMENTED";
      case INTERNAL -> "INTERNAL";
      case UNAVAILABLE -> "UNAVAILABLE";
      case 15 -> "DATA_LOSS";
      case UNAUTHENTICATED -> "UNAUTHENTICATED";
      default -> Integer.toString(code);
    };
  }
}
