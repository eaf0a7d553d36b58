package dev.cirrus.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.junit.CirrusExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QuickStartTest {
  @RegisterExtension static CirrusExtension cirrus = CirrusExtension.perClass();

  @Test
  void quickStart_runsAgainstARealServer_andPrintsWhatItDid(CacheManager manager) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    QuickStart.run(manager, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("home -> 1"), out);
    assertTrue(out.contains("home after increment -> 2"), out);
    assertTrue(out.contains("putIfAbsent(home) applied? false"), out);
    assertTrue(out.contains("pricing still cached? false"), out);
  }
}
