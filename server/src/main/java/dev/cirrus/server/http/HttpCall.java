package dev.cirrus.server.http;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as a route sees it, its body complete.
 *
 * @param method upper case, e.g. {@code GET}
 * @param path the decoded path without the query, e.g. {@code /cache/users}
 * @param query the decoded query parameters, each name with its values in order
 * @param headers the request headers, names in lower case, each with its values in order
 * @param body the body; empty when the request had none
 */
public record HttpCall(String method, String path, Map<String, List<String>> query,
    Map<String, List<String>> headers, byte[] body) {

  public HttpCall {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    requireNonNull(body, "body");
  }

  /** The first value of the header {@code name} (any case), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first value of the query parameter {@code name}, or null. */
  public String queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The path after {@code prefix} (a prefix route's own part of it), e.g. {@code users}. */
  public String pathAfter(String prefix) {
    return path.startsWith(prefix) ? path.substring(prefix.length()) : "";
  }
}
