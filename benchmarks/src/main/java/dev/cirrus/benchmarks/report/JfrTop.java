package dev.cirrus.benchmarks.report;

import dev.cirrus.benchmarks.servers.Args;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording: CPU load, samples per thread group, the hottest methods (self and
 * inclusive), allocation by class and site, parks and monitor contention by site.
 *
 * <p>Usage: {@code JfrTop --in FILE.jfr --out FILE.txt [--top N]}.
 */
public final class JfrTop {

  private JfrTop() {}

  public static void main(String[] argv) throws IOException {
    Args args = new Args(argv);
    int top = Integer.parseInt(args.get("top", "30"));
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> layers = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Long> nativeSelf = new HashMap<>();
    Map<String, Long> allocClass = new HashMap<>();
    Map<String, Long> allocSite = new HashMap<>();
    Map<String, Long> parks = new HashMap<>();
    Map<String, Long> monitors = new HashMap<>();
    double[] cpu = new double[4];
    long samples = 0;
    long nativeSamples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args.get("in")))) {
      String type = event.getEventType().getName();
      switch (type) {
        case "jdk.ExecutionSample" -> {
          samples++;
          threads.merge(group(event.getThread("sampledThread")), 1L, Long::sum);
          List<RecordedFrame> frames = frames(event.getStackTrace());
          if (!frames.isEmpty()) {
            self.merge(name(frames.get(0)), 1L, Long::sum);
            layers.merge(layer(frames), 1L, Long::sum);
          }
          Set<String> seen = new HashSet<>();
          for (RecordedFrame frame : frames) {
            if (seen.add(name(frame))) {
              inclusive.merge(name(frame), 1L, Long::sum);
            }
          }
        }
        case "jdk.NativeMethodSample" -> {
          nativeSamples++;
          List<RecordedFrame> frames = frames(event.getStackTrace());
          nativeSelf.merge(group(event.getThread("sampledThread")) + " in "
              + (frames.isEmpty() ? "?" : name(frames.get(0))), 1L, Long::sum);
        }
        case "jdk.ObjectAllocationSample" -> {
          long weight = event.getLong("weight");
          allocClass.merge(event.getClass("objectClass").getName(), weight, Long::sum);
          allocSite.merge(site(event.getStackTrace()), weight, Long::sum);
        }
        case "jdk.ThreadPark" -> parks.merge(group(event.getThread()) + " at "
            + site(event.getStackTrace()), 1L, Long::sum);
        case "jdk.JavaMonitorEnter" -> monitors.merge(event.getClass("monitorClass").getName()
            + " at " + site(event.getStackTrace()), 1L, Long::sum);
        case "jdk.CPULoad" -> {
          cpu[0] += event.getFloat("jvmUser");
          cpu[1] += event.getFloat("jvmSystem");
          cpu[2] += event.getFloat("machineTotal");
          cpu[3]++;
        }
        default -> { }
      }
    }
    StringBuilder out = new StringBuilder();
    if (cpu[3] > 0) {
      out.append(String.format(Locale.ROOT,
          "CPU (of the whole machine): this JVM user %.0f%%, system %.0f%%; machine total %.0f%%%n%n",
          100 * cpu[0] / cpu[3], 100 * cpu[1] / cpu[3], 100 * cpu[2] / cpu[3]));
    }
    section(out, "Java execution samples by thread group (" + samples + ")", threads, samples, top);
    section(out, "Self time by layer", layers, samples, top);
    section(out, "Hottest methods, self", self, samples, top);
    section(out, "Hottest methods, inclusive", inclusive, samples, top * 2);
    section(out, "Native samples by thread and method (" + nativeSamples + ")", nativeSelf,
        nativeSamples, top);
    long allocated = allocClass.values().stream().mapToLong(Long::longValue).sum();
    section(out, "Allocation by class (sampled bytes)", allocClass, allocated, top);
    section(out, "Allocation by site (sampled bytes)", allocSite, allocated, top);
    long parked = parks.values().stream().mapToLong(Long::longValue).sum();
    section(out, "Thread parks over 10 ms by thread and site (" + parked + ")", parks, parked, top);
    long entered = monitors.values().stream().mapToLong(Long::longValue).sum();
    section(out, "Contended monitor enters by class and site (" + entered + ")", monitors, entered, top);
    Files.writeString(Path.of(args.get("out")), out, StandardCharsets.UTF_8);
  }

  private static List<RecordedFrame> frames(RecordedStackTrace stack) {
    return stack == null ? List.of() : stack.getFrames();
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /**
   * Which layer the sample's own frame belongs to; JDK frames are charged to the nearest caller
   * that is not JDK code, so a HashMap lookup inside the store counts as the store.
   */
  private static String layer(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
        continue;
      }
      if (type.startsWith("io.grpc.netty.shaded.io.netty.handler.codec.http2")) {
        return "Netty HTTP/2 codec";
      }
      if (type.startsWith("io.grpc.netty.shaded.io.netty")) {
        return "Netty transport, buffers, event loop";
      }
      if (type.startsWith("io.grpc.netty.shaded.io.grpc.netty")) {
        return "grpc-netty glue";
      }
      if (type.startsWith("io.grpc") || type.startsWith("com.google.common")) {
        return "gRPC core (calls, stubs, metadata, executors)";
      }
      if (type.startsWith("com.google.protobuf") || type.startsWith("dev.cirrus.proto")) {
        return "protobuf";
      }
      if (type.startsWith("com.github.benmanes.caffeine")) {
        return "Caffeine";
      }
      if (type.startsWith("io.jsonwebtoken") || type.startsWith("com.fasterxml")) {
        return "JWT";
      }
      if (type.startsWith("dev.cirrus.benchmarks")) {
        return "benchmark driver";
      }
      if (type.startsWith("dev.cirrus")) {
        return "Cirrus code (" + type.replaceAll("^dev\\.cirrus\\.(\\w+)\\.(\\w+).*", "$1.$2") + ")";
      }
      return type.replaceAll("^(\\w+\\.\\w+).*", "$1");
    }
    return "JDK only (" + (frames.isEmpty() ? "?" : frames.get(frames.size() - 1).getMethod().getType().getName()) + ")";
  }

  /** The first frame outside java.*, jdk.* and sun.*: where the program asked for the work. */
  private static String site(RecordedStackTrace stack) {
    List<RecordedFrame> frames = frames(stack);
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
        return name(frame);
      }
    }
    return frames.isEmpty() ? "?" : name(frames.get(0));
  }

  /** A thread's name without its trailing number, so pools read as one group. */
  private static String group(RecordedThread thread) {
    if (thread == null) {
      return "?";
    }
    String name = thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
    return name == null ? "?" : name.replaceAll("[-#]?\\d+$", "-#").replaceAll("\\d+", "#");
  }

  private static void section(
      StringBuilder out, String title, Map<String, Long> counts, long total, int top) {
    out.append("== ").append(title).append('\n');
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> out.append(String.format(Locale.ROOT, "%6.1f%%  %10d  %s%n",
            total == 0 ? 0.0 : 100.0 * e.getValue() / total, e.getValue(), e.getKey())));
    out.append('\n');
  }
}
