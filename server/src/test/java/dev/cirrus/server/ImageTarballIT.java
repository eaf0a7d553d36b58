package dev.cirrus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server image as the {@code -Pimage} build writes it ({@code target/jib-image.tar}, Docker's
 * archive format), checked by reading its config: how it starts, as whom, on which ports, with
 * which settings and volume. {@code ./test.sh} builds it (on an empty base where the base image's
 * registry cannot be reached: the config is the same). Skipped, saying so, when the tarball was
 * not built (the profile is opt-in). Running the image needs a Docker engine: that is {@code
 * cirrus-testcontainers}' test.
 */
class ImageTarballIT {

  private static final Path TARBALL = Path.of("target", "jib-image.tar");

  private static JsonNode config;

  @BeforeAll
  static void readConfig() throws IOException {
    Assumptions.assumeTrue(Files.isRegularFile(TARBALL), "no " + TARBALL.toAbsolutePath()
        + ": the image is built only with -Pimage (./mvnw -B package -pl server -am -Pimage, which"
        + " fetches eclipse-temurin:17-jre from its registry; add -Djib.from.image=scratch to check"
        + " the config without it), as ./test.sh does");
    ObjectMapper json = new ObjectMapper();
    JsonNode manifest = json.readTree(entry("manifest.json"));
    String configName = manifest.get(0).get("Config").asText();
    config = json.readTree(entry(configName)).get("config");
  }

  @Test
  void entrypoint_runsTheServerMain() {
    List<String> entrypoint = strings(config.get("Entrypoint"));
    assertEquals("java", entrypoint.get(0));
    assertTrue(entrypoint.contains("dev.cirrus.server.cli.Main"), entrypoint::toString);
  }

  @Test
  void user_isNotRoot() {
    String user = config.get("User").asText();
    assertNotEquals("", user);
    assertNotEquals("0", user.split(":")[0]);
    assertNotEquals("root", user.split(":")[0]);
  }

  @Test
  void ports_grpcDataPathAndHttp() {
    JsonNode ports = config.get("ExposedPorts");
    for (String port : List.of("7070/tcp", "7071/tcp", "8080/tcp")) {
      assertTrue(ports.has(port), "exposes " + port + ": " + ports);
    }
  }

  @Test
  void env_listensOnAllAddresses_withHttpForHealth_andTheDataDirOnTheVolume() {
    List<String> env = strings(config.get("Env"));
    for (String setting : List.of("CIRRUS_HOST=0.0.0.0", "CIRRUS_PORT=7070",
        "CIRRUS_DATA_PORT=7071", "CIRRUS_HTTP_PORT=8080", "CIRRUS_DATA_DIR=/var/lib/cirrus")) {
      assertTrue(env.contains(setting), setting + " in " + env);
    }
    assertNotNull(config.get("Volumes"), "the data dir is a volume");
    assertTrue(config.get("Volumes").has("/var/lib/cirrus"), config.get("Volumes")::toString);
  }

  private static List<String> strings(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(item -> items.add(item.asText()));
    return items;
  }

  /** One file of a tar archive (512-byte headers: name at 0, octal size at 124). */
  private static byte[] entry(String name) throws IOException {
    try (InputStream in = Files.newInputStream(TARBALL);
        DataInputStream tar = new DataInputStream(in)) {
      byte[] header = new byte[512];
      while (true) {
        tar.readFully(header);
        String entryName = text(header, 0, 100);
        if (entryName.isEmpty()) {
          throw new AssertionError("no " + name + " in " + TARBALL);
        }
        long size = Long.parseLong(text(header, 124, 12).trim(), 8);
        if (entryName.equals(name)) {
          byte[] content = new byte[Math.toIntExact(size)];
          tar.readFully(content);
          return content;
        }
        long padded = (size + 511) / 512 * 512;
        tar.skipNBytes(padded);
      }
    }
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
