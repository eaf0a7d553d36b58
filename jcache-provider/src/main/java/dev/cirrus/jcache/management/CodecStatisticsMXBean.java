package dev.cirrus.jcache.management;

/**
 * The codec's figures for one CacheManager, registered as
 * {@code dev.cirrus:type=Codec,CacheManager=<uri>}.
 */
public interface CodecStatisticsMXBean {
  /** Values the deserialization filter refused; none of them was instantiated. */
  long getRefusedValues();
}
