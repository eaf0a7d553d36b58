package dev.cirrus.jcache.internal.client;

import java.util.Locale;

/** {@code cirrus.data-path}: which transport carries data calls. */
public enum DataPathMode {
  /** The server's binary data path when it offers one (plaintext endpoints), else gRPC. */
  AUTO,
  /** Always gRPC. */
  GRPC;

  /** The mode named {@code text} ({@code auto} or {@code grpc}, any case). */
  public static DataPathMode parse(String text) {
    for (DataPathMode mode : values()) {
      if (mode.name().equalsIgnoreCase(text.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a data path; use auto or grpc");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
