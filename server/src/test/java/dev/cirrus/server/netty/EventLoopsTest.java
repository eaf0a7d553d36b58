package dev.cirrus.server.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import java.util.concurrent.TimeUnit;
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

  @Test
  void current_isTheLoopRunningTheCaller_andNothingOnOtherThreads() throws Exception {
    EventLoopGroup group = EventLoops.create(2, "test-loop");
    DefaultEventExecutorGroup other = new DefaultEventExecutorGroup(1);
    try {
      for (int i = 0; i < 2; i++) {
        EventLoop loop = group.next();
        assertSame(loop, loop.submit(EventLoops::current).get(10, TimeUnit.SECONDS));
      }
      assertNull(EventLoops.current(), "on the test's own thread");
      assertNull(other.submit(EventLoops::current).get(10, TimeUnit.SECONDS),
          "on another Netty executor, not one of EventLoops' groups");
    } finally {
      other.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      EventLoops.stop(group, 2_000);
    }
  }
}
