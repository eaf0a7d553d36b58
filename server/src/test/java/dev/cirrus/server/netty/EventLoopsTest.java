package dev.cirrus.server.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

class EventLoopsTest {
  @Test
  void onLinuxX86_64_theDoorsRunOnTheNativeEpollTransport() {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
            && System.getProperty("os.arch").matches("amd64|x86_64"),
        "the native epoll library is shipped for Linux x86-64 only; elsewhere the doors use NIO");
    // The library ships with the server: when it does not load, the doors silently fall back.
    assertNull(Epoll.unavailabilityCause(), "the native epoll library did not load");
    assertEquals("epoll", EventLoops.transport());
  }
}
