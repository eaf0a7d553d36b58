package dev.cirrus.jcache.internal.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the endpoint a Cirrus token carries (claim {@code cirrus_endpoint}) without verifying the
 * token: only the server can verify it, and the client needs the endpoint to reach the server.
 */
final class TokenEndpoint {

  private static final Pattern CLAIM = Pattern.compile("\"cirrus_endpoint\"\\s*:\\s*\"([^\"]+)\"");

  private TokenEndpoint() {}

  /** The endpoint in the token, or null when the token has none or is not a JWT. */
  static String of(String token) {
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return null;
    }
    String payload;
    try {
      payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    Matcher m = CLAIM.matcher(payload);
    return m.find() ? m.group(1) : null;
  }
}
