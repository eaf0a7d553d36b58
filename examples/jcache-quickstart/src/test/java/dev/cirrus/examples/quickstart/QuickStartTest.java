package dev.cirrus.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cirrus.jcache.it.CirrusServerExtension;
import dev.cirrus.jcache.it.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CirrusServerExtension.class)
class QuickStartTest {

  @Test
  void quickStart_runsAgainstARealServer_andPrintsWhatItDid(TestServer server) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CacheManager manager = server.manager(TestServer.freshAccount());
    QuickStart.run(manager, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("home -> 1"), out);
    assertTrue(out.contains("home after increment -> 2"), out);
    assertTrue(out.contains("putIfAbsent(home) applied? false"), out);
    assertTrue(out.contains("pricing still cached? false"), out);
  }
}
