package dev.cirrus.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cirrus.cli.CirrusCommand;
import dev.cirrus.cli.connect.CliException;
import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.cli.output.Output;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cirrus token show}: what the token in use says. */
@Command(name = "token", description = "Inspect the token in use.",
    subcommands = TokenCommand.Show.class)
public final class TokenCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  @Command(name = "show", description = {"Decode the token in use (--token, --token-file or"
      + " CIRRUS_AUTH_TOKEN): account, endpoint, permissions, caches, expiry.",
      "It is read, not verified: only the server that signed it can. Exit code 3 when there is no"
          + " token, it is not a Cirrus token, or it has expired."})
  static final class Show implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
      CirrusCommand root = (CirrusCommand) spec.root().userObject();
      Output output = root.output();
      String token = root.connection().token();
      if (token == null) {
        throw new CliException(ExitCode.AUTH, "No token: pass --token TOKEN or --token-file FILE,"
            + " or set CIRRUS_AUTH_TOKEN");
      }
      String[] parts = token.split("\\.");
      if (parts.length != 3) {
        throw notCirrus("it has " + parts.length + " dot-separated parts, a JWT has 3");
      }
      JsonNode header = decode(parts[0]);
      JsonNode claims = decode(parts[1]);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("account", text(claims, "sub"));
      doc.put("endpoint", text(claims, "cirrus_endpoint"));
      doc.put("permissions", list(claims.get("perm")));
      doc.put("caches", claims.has("caches") ? list(claims.get("caches")) : "all");
      doc.put("id", text(claims, "jti"));
      doc.put("issuer", text(claims, "iss"));
      doc.put("keyId", text(header, "kid"));
      Instant issued = instant(claims, "iat");
      Instant expires = instant(claims, "exp");
      doc.put("issuedAt", issued == null ? null : issued.toString());
      doc.put("expiresAt", expires == null ? null : expires.toString());
      boolean expired = expires != null && !expires.isAfter(Instant.now());
      doc.put("expired", expired);
      StringBuilder human = new StringBuilder();
      doc.forEach((k, v) -> human.append(String.format("%-12s %s%n", k,
          v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : v)));
      if (expires != null && !expired) {
        human.append(String.format("%-12s %s%n", "expiresIn",
            Ttls.remaining(Duration.between(Instant.now(), expires).toMillis())));
      }
      output.result(doc, human.toString().stripTrailing());
      if (expired) {
        output.note("the token expired at " + expires + "; ask for a new one (`cirrus-server.jar"
            + " token --account NAME`)");
        return ExitCode.AUTH;
      }
      return ExitCode.OK;
    }

    private static JsonNode decode(String part) {
      try {
        JsonNode node = JSON.readTree(new String(Base64.getUrlDecoder().decode(part),
            StandardCharsets.UTF_8));
        if (node == null || !node.isObject()) {
          throw notCirrus("a part is not a JSON object");
        }
        return node;
      } catch (IllegalArgumentException | JsonProcessingException e) {
        throw notCirrus("a part is not base64url-encoded JSON");
      }
    }

    private static CliException notCirrus(String why) {
      return new CliException(ExitCode.AUTH, "The token in use is not a Cirrus token (" + why
          + "); check what --token, --token-file or CIRRUS_AUTH_TOKEN holds");
    }

    private static String text(JsonNode node, String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> list(JsonNode node) {
      List<String> items = new ArrayList<>();
      if (node != null && node.isArray()) {
        node.forEach(item -> items.add(item.asText()));
      }
      return items;
    }

    private static Instant instant(JsonNode node, String field) {
      JsonNode value = node.get(field);
      return value == null || !value.canConvertToLong() ? null
          : Instant.ofEpochSecond(value.asLong());
    }
  }
}
