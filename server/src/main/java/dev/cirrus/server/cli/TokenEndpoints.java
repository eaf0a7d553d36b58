package dev.cirrus.server.cli;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The endpoint a token carries ({@code cirrus_endpoint}), from {@code token --endpoint}: one node
 * or several ({@code host:port}, repeated or comma-separated, each optionally with its {@code
 * cirrus://} or {@code cirrus+tls://}), written as one URI the provider reads as its node list,
 * {@code cirrus://h1:7070,h2:7070}.
 */
final class TokenEndpoints {

  /** As many nodes as a client accepts in one URI. */
  static final int MAX_NODES = 64;

  private TokenEndpoints() {}

  /**
   * @param tls whether nodes given without a scheme speak TLS ({@code --tls})
   * @param source where the value came from, for messages
   */
  static String of(String value, boolean tls, String source, int defaultPort)
      throws UsageException {
    String scheme = null;
    Set<String> nodes = new LinkedHashSet<>();
    for (String item : value.split(",", -1)) {
      String node = item.trim();
      int sep = node.indexOf("://");
      if (sep >= 0) {
        String given = node.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!given.equals("cirrus") && !given.equals("cirrus+tls")) {
          throw new UsageException(source + ": '" + item.trim() + "' has the scheme '" + given
              + "'; use host:port, cirrus://host:port or cirrus+tls://host:port");
        }
        if (scheme != null && !scheme.equals(given)) {
          throw new UsageException(source + ": '" + value + "' mixes cirrus:// and cirrus+tls://;"
              + " the nodes of one token all speak TLS or none does");
        }
        scheme = given;
        node = node.substring(sep + 3);
      }
      if (node.endsWith("/")) {
        node = node.substring(0, node.length() - 1);
      }
      if (node.isEmpty()) {
        throw new UsageException(source + ": '" + value + "' has an empty node; write"
            + " host:port,host:port or repeat --endpoint");
      }
      String address = address(node, source, defaultPort);
      if (!nodes.add(address)) {
        throw new UsageException(source + ": '" + value + "' lists " + address + " twice; list"
            + " each node once");
      }
    }
    if (nodes.size() > MAX_NODES) {
      throw new UsageException(source + ": " + nodes.size() + " nodes; a client takes at most "
          + MAX_NODES);
    }
    if (scheme == null) {
      scheme = tls ? "cirrus+tls" : "cirrus";
    }
    return scheme + "://" + String.join(",", nodes);
  }

  /** {@code host[:port]} checked, with the default port filled in. */
  private static String address(String node, String source, int defaultPort)
      throws UsageException {
    String host;
    String port = null;
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      if (close < 0 || (close + 1 < node.length() && node.charAt(close + 1) != ':')) {
        throw new UsageException(source + ": '" + node + "' is not [IPv6 address]:port");
      }
      host = node.substring(0, close + 1);
      port = close + 1 < node.length() ? node.substring(close + 2) : null;
    } else {
      int colon = node.indexOf(':');
      if (colon >= 0 && node.indexOf(':', colon + 1) >= 0) {
        throw new UsageException(source + ": '" + node + "' has several ':'; an IPv6 address"
            + " goes in brackets, [::1]:7070");
      }
      host = colon < 0 ? node : node.substring(0, colon);
      port = colon < 0 ? null : node.substring(colon + 1);
    }
    if (host.isEmpty() || host.equals("[]") || !host.chars().allMatch(c ->
        Character.isLetterOrDigit(c) || ".-_:[]%".indexOf(c) >= 0)) {
      throw new UsageException(source + ": '" + node + "' does not start with a host name or IP"
          + " address; write host:port");
    }
    int number = port == null ? defaultPort : Values.intRange(source + " (" + node + ")", port, 1,
        65_535);
    return host + ":" + number;
  }
}
