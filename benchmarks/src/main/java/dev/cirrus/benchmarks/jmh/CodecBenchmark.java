package dev.cirrus.benchmarks.jmh;

import dev.cirrus.jcache.internal.codec.DefaultCodec;
import java.io.Serializable;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** {@link DefaultCodec} encode and decode of the value types caches hold most. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CodecBenchmark {

  /** A small domain object, as applications cache them: Java serialization's case. */
  public record Profile(long id, String name, int visits, boolean active) implements Serializable {}

  @Param({"String", "Long", "byte[100]", "Profile"})
  public String type;

  private DefaultCodec codec;
  private Object value;
  private byte[] encoded;

  @Setup
  public void setUp() {
    codec = new DefaultCodec(CodecBenchmark.class.getClassLoader());
    value = switch (type) {
      case "String" -> "user:0000012345:profile";
      case "Long" -> 1_234_567_890_123L;
      case "byte[100]" -> {
        byte[] bytes = new byte[100];
        new Random(1).nextBytes(bytes);
        yield bytes;
      }
      case "Profile" -> new Profile(12_345L, "Ada Lovelace", 42, true);
      default -> throw new IllegalArgumentException(type);
    };
    encoded = codec.encode(value);
  }

  @Benchmark
  public byte[] encode() {
    return codec.encode(value);
  }

  @Benchmark
  public Object decode() {
    return codec.decode(encoded);
  }
}
