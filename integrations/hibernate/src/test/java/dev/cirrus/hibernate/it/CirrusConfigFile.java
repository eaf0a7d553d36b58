package dev.cirrus.hibernate.it;

import dev.cirrus.junit.CirrusAccount;
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
  static URI write(Path file, CirrusAccount account, String... lines) {
    List<String> content = new ArrayList<>();
    content.add("cirrus.uri=" + account.uri());
    content.add("cirrus.token=" + account.token());
    content.addAll(List.of(lines));
    try {
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toUri();
  }
}
