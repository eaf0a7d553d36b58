package dev.cirrus.jcache.management;

import java.util.List;

/**
 * The codec's figures for one CacheManager, registered as
 * {@code dev.cirrus:type=Codec,CacheManager=<uri>}.
 */
public interface CodecStatisticsMXBean {
  /**
   * Stored values reads met that could not be decoded (refused by the filter, a class missing or
   * changed, corrupt bytes): misses under {@code cirrus.codec.on-undecodable=miss}, failures under
   * {@code fail}.
   */
  long getUndecodableValues();

  /** Values the deserialization filter refused; none of them was instantiated. */
  long getRefusedValues();

  /** The class of the last refused value (or a note that it broke the size limits); null if none. */
  String getLastRefusedClass();

  /**
   * The classes admitted by name beyond the JDK's: those this CacheManager wrote itself and those
   * declared to it (typed caches, integrations). Empty with {@code cirrus.serialization.filter}.
   */
  List<String> getAllowedClasses();

  /** The class patterns admitted: {@code cirrus.serialization.allow} and integrations' packages. */
  List<String> getAllowedPatterns();
}
