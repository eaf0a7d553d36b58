package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;

/**
 * What a read of one key found.
 *
 * @param found whether a live entry was there
 * @param value its value bytes when found, else empty
 * @param version its version when found; versions only grow
 * @param expiresInMillis its remaining time to live at the server, 0 for none
 * @param expiredValue the value of an entry the read found expired (the server removed it and
 *     published the expiry), or null when there was none
 */
public record ReadOutcome(
    boolean found, ByteString value, long version, long expiresInMillis, ByteString expiredValue) {}
