package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;

/**
 * A cache as the server holds it.
 *
 * @param clientConfig the configuration its creator stored with it, opaque to the server
 * @param entryCount its entries when described
 */
public record CacheDescription(String name, ByteString clientConfig, long entryCount) {}
