package dev.cirrus.jcache.internal.management;

import dev.cirrus.jcache.internal.codec.DefaultCodec;
import dev.cirrus.jcache.management.CodecStatisticsMXBean;
import java.util.List;
import java.util.Objects;

/** Reads the default codec's figures live. */
public final class CodecStatistics implements CodecStatisticsMXBean {
  private final DefaultCodec codec;

  public CodecStatistics(DefaultCodec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  @Override
  public long getRefusedValues() {
    return codec.refusedValues();
  }

  @Override
  public String getLastRefusedClass() {
    return codec.lastRefused();
  }

  @Override
  public List<String> getAllowedClasses() {
    return codec.filter().allowedClasses();
  }

  @Override
  public List<String> getAllowedPatterns() {
    return codec.filter().allowedPatterns();
  }
}
