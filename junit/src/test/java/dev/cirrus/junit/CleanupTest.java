package dev.cirrus.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** What the extension leaves behind a test class it ran: nothing open, nothing on disk. */
class CleanupTest {

  @Test
  void afterTheClass_managersAreClosed_theServerStopped_andItsDataDirDeleted() throws Exception {
    TestExecutionSummary summary = run(CleanupScenario.class);
    assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));

    assertTrue(CleanupScenario.testManagers.stream().allMatch(m -> m.isClosed()));
    assertTrue(CleanupScenario.classManager.isClosed());
    assertFalse(Files.exists(CleanupScenario.server.dataDir()));
    int port = CleanupScenario.server.uri().getPort();
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
  }

  @Test
  void aTestsManagers_areClosedRightAfterIt_whileTheClassServerRuns() {
    TestExecutionSummary summary = run(CleanupScenario.class);
    assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
    // The second test saw the first one's managers closed already.
    assertTrue(CleanupScenario.earlierClosedWhenNextRan);
  }

  @Test
  void perTest_hasNoServerForBeforeAll_andSaysSo() {
    TestExecutionSummary summary = run(PerTestBeforeAllScenario.class);
    assertEquals(1, summary.getTotalFailureCount());
    Throwable failure = summary.getFailures().get(0).getException();
    assertTrue(failure.getMessage().contains("CirrusExtension.perClass()"), failure.getMessage());
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
        .build(), listener);
    return listener.getSummary();
  }

  private static String failures(TestExecutionSummary summary) {
    StringBuilder text = new StringBuilder();
    summary.getFailures().forEach(f -> text.append(f.getTestIdentifier().getDisplayName())
        .append(": ").append(f.getException()).append('\n'));
    return text.toString();
  }
}
