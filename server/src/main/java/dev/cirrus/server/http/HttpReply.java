package dev.cirrus.server.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A route's answer: a status, headers (the listener adds {@code content-length} and, when absent,
 * {@code content-type: application/octet-stream}) and the body's bytes.
 */
public record HttpReply(int status, Map<String, String> headers, byte[] body) {
  public static final String JSON = "application/json; charset=utf-8";

  public HttpReply {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100..599, got " + status);
    }
    headers = Map.copyOf(headers);
    requireNonNull(body, "body");
  }

  /** {@code status} with a JSON document {@code json} (already encoded, see {@link Json}). */
  public static HttpReply json(int status, String json) {
    return of(status, JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code status} with {@code body} of {@code contentType}. */
  public static HttpReply of(int status, String contentType, byte[] body) {
    return new HttpReply(status, Map.of("content-type", contentType), body);
  }

  /** This reply with one more header (replacing one of that name). */
  public HttpReply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name.toLowerCase(java.util.Locale.ROOT), value);
    return new HttpReply(status, more, body);
  }
}
