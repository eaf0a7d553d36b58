package dev.cirrus.hibernate.it;

import dev.cirrus.jcache.it.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes the Cirrus config file that {@code hibernate.javax.cache.uri} names. */
final class CirrusConfigFile {

  private CirrusConfigFile() {}

  /** A file with the server, a token for the account, and any further lines. */
  static URI write(Path file, TestServer server, String account, String... lines) {
    List<String> content = new ArrayList<>();
    content.add("cirrus.uri=" + server.endpoint());
    content.add("cirrus.token=" + server.token(account));
    content.addAll(List.of(lines));
    try {
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toUri();
  }
}
