package dev.cirrus.jcache.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where a Cirrus server listens: {@code cirrus://host:port} (plaintext) or
 * {@code cirrus+tls://host:port} (TLS). A URI may list several interchangeable nodes behind one
 * scheme, {@code cirrus://h1:7070,h2:7070}: {@link #parseList} reads them.
 */
public record Endpoint(String host, int port, boolean tls) {

  public static final int DEFAULT_PORT = 7070;

  /**
   * Most nodes one URI may list: a client keeps channels to each, so the list is bounded like
   * everything else it holds.
   */
  public static final int MAX_NODES = 64;

  private static final String FORMS =
      "cirrus://host:port or cirrus+tls://host:port, several nodes as cirrus://h1:7070,h2:7070";

  public Endpoint {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("Cirrus endpoint has an empty host; use cirrus://host:port");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "Cirrus endpoint port " + port + " is out of range; use a port between 1 and 65535");
    }
  }

  /** Whether the URI names a server (or several) directly rather than a config resource. */
  public static boolean isServerUri(URI uri) {
    String scheme = uri.getScheme();
    return scheme != null
        && (scheme.equalsIgnoreCase("cirrus") || scheme.equalsIgnoreCase("cirrus+tls"));
  }

  /**
   * One server, {@code cirrus://host:port}.
   *
   * @throws IllegalArgumentException naming what is wrong, also when the text lists several nodes
   */
  public static Endpoint parse(String text) {
    List<Endpoint> nodes = parseList(text);
    if (nodes.size() > 1) {
      throw new IllegalArgumentException("'" + text.trim() + "' lists " + nodes.size()
          + " nodes where one server is expected; give one, cirrus://host:port");
    }
    return nodes.get(0);
  }

  public static Endpoint parse(URI uri) {
    return parse(uri.toString());
  }

  /**
   * The nodes of {@code cirrus://host[:port][,host[:port]...]} (or {@code cirrus+tls://...}), in
   * the order written; the port defaults to {@value #DEFAULT_PORT}, an IPv6 address goes in
   * brackets ({@code [::1]:7070}), and a path or query after the nodes is ignored.
   *
   * @throws IllegalArgumentException naming the part that is wrong and what is allowed there
   */
  public static List<Endpoint> parseList(String text) {
    Objects.requireNonNull(text, "endpoint");
    String trimmed = text.trim();
    int schemeEnd = trimmed.indexOf("://");
    String scheme = schemeEnd < 0 ? "" : trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!scheme.equals("cirrus") && !scheme.equals("cirrus+tls")) {
      throw new IllegalArgumentException("'" + trimmed + "' is not a Cirrus endpoint: it must start"
          + " with cirrus:// or cirrus+tls://; use " + FORMS);
    }
    boolean tls = scheme.equals("cirrus+tls");
    String rest = trimmed.substring(schemeEnd + 3);
    int end = indexOfAny(rest, "/?#");
    String authority = end < 0 ? rest : rest.substring(0, end);
    if (authority.indexOf('@') >= 0) {
      throw new IllegalArgumentException("'" + trimmed + "' carries user information before '@';"
          + " Cirrus takes its token from cirrus.token, not the URI; use " + FORMS);
    }
    String[] parts = authority.split(",", -1);
    if (parts.length > MAX_NODES) {
      throw new IllegalArgumentException("'" + trimmed + "' lists " + parts.length + " nodes,"
          + " more than the " + MAX_NODES + " a client connects to; list at most " + MAX_NODES);
    }
    Set<Endpoint> nodes = new LinkedHashSet<>();
    for (String part : parts) {
      Endpoint node = node(part.trim(), tls, trimmed);
      if (!nodes.add(node)) {
        throw new IllegalArgumentException("'" + trimmed + "' lists " + node.host() + ":"
            + node.port() + " twice; list each node once");
      }
    }
    return List.copyOf(new ArrayList<>(nodes));
  }

  /** One {@code host[:port]} of a list. */
  private static Endpoint node(String part, boolean tls, String whole) {
    String where = "in '" + whole + "'";
    if (part.isEmpty()) {
      throw new IllegalArgumentException("'" + whole + "' has an empty node (nothing between"
          + " the scheme and a comma, two commas or a trailing comma); use " + FORMS);
    }
    String host;
    String port = null;
    if (part.startsWith("[")) {
      int close = part.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + part + "' " + where + " opens an IPv6 address"
            + " with '[' but never closes it; write [::1]:7070");
      }
      host = part.substring(1, close);
      String after = part.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException("'" + part + "' " + where + " has '" + after
              + "' after the IPv6 address; write [address]:port");
        }
        port = after.substring(1);
      }
    } else {
      int colon = part.indexOf(':');
      if (colon >= 0 && part.indexOf(':', colon + 1) >= 0) {
        throw new IllegalArgumentException("'" + part + "' " + where + " has several ':'; an IPv6"
            + " address goes in brackets, [::1]:7070");
      }
      host = colon < 0 ? part : part.substring(0, colon);
      port = colon < 0 ? null : part.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("'" + part + "' " + where + " has no host; write host:port");
    }
    if (!host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-'
        || c == '_' || c == ':' || c == '%')) {
      throw new IllegalArgumentException("'" + part + "' " + where + " has a host, '" + host
          + "', that is not a host name or IP address; use letters, digits, '.' and '-'");
    }
    return new Endpoint(host, port == null ? DEFAULT_PORT : port(port, part, where), tls);
  }

  private static int port(String text, String part, String where) {
    int value;
    try {
      value = text.chars().allMatch(c -> c >= '0' && c <= '9') && !text.isEmpty()
          && text.length() <= 5 ? Integer.parseInt(text) : -1;
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 1 || value > 65535) {
      throw new IllegalArgumentException("'" + part + "' " + where + " has the port '" + text
          + "', not a number between 1 and 65535; write host:port, e.g. " + "cache-1:"
          + DEFAULT_PORT);
    }
    return value;
  }

  private static int indexOfAny(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The URI of one or several nodes (they share the first one's scheme). */
  public static String toString(List<Endpoint> nodes) {
    StringBuilder text = new StringBuilder(nodes.get(0).tls() ? "cirrus+tls://" : "cirrus://");
    for (int i = 0; i < nodes.size(); i++) {
      text.append(i == 0 ? "" : ",").append(nodes.get(i).address());
    }
    return text.toString();
  }

  /** {@code host:port}, with an IPv6 host in brackets. */
  public String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  public URI toUri() {
    return URI.create(toString());
  }

  @Override
  public String toString() {
    return (tls ? "cirrus+tls://" : "cirrus://") + address();
  }
}
