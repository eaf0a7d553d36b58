package dev.cirrus.jcache.internal.management;

import dev.cirrus.jcache.internal.codec.DefaultCodec;
import dev.cirrus.jcache.internal.codec.UndecodableValues;
import dev.cirrus.jcache.management.CodecStatisticsMXBean;
import java.util.List;
import java.util.Objects;

/** Reads the default codec's figures live. */
public final class CodecStatistics implements CodecStatisticsMXBean {
  private final DefaultCodec codec;
  private final UndecodableValues undecodable;

  public CodecStatistics(DefaultCodec codec, UndecodableValues undecodable) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.undecodable = Objects.requireNonNull(undecodable, "undecodable");
  }

  @Override
  public long getUndecodableValues() {
    return undecodable.count();
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
