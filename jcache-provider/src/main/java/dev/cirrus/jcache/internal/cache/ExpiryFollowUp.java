package dev.cirrus.jcache.internal.cache;

import com.google.protobuf.ByteString;
import dev.cirrus.jcache.internal.client.CirrusClient;
import dev.cirrus.jcache.internal.client.Ttl;
import dev.cirrus.jcache.internal.client.WriteOutcome;
import dev.cirrus.jcache.internal.expiry.ExpiryCalculator;

/**
 * What a custom expiry policy decides once an outcome is known, applied on the server with a
 * version-guarded Touch. A standard policy's durations travel with the call itself, so for it
 * these do nothing.
 */
final class ExpiryFollowUp {

  private final String name;
  private final CirrusClient client;
  private final ExpiryCalculator expiry;

  ExpiryFollowUp(String name, CirrusClient client, ExpiryCalculator expiry) {
    this.name = name;
    this.client = client;
    this.expiry = expiry;
  }

  /**
   * For a custom expiry policy, asks it now that the write's outcome is known and applies a
   * non-default answer. Returns whether the entry is gone because its TTL is zero.
   */
  boolean settleWrite(ByteString key, WriteOutcome result) {
    if (result.expiredOnWrite()) {
      return true;
    }
    if (expiry.predictable()) {
      return false;
    }
    Ttl ttl;
    if (result.created()) {
      ttl = expiry.forCreation();
      if (ttl.isEternal()) {
        return false;
      }
    } else if (result.updated()) {
      ttl = expiry.forUpdate();
      if (ttl.isUnchanged()) {
        return false;
      }
    } else {
      return false;
    }
    touch(key, ttl, result.version());
    return ttl.isZero();
  }

  /**
   * For a custom policy, asks for the access expiry of an entry just read and applies it. Returns
   * what was applied beyond the read itself: UNCHANGED when nothing.
   */
  Ttl settleAccess(ByteString key, long version) {
    if (expiry.predictable()) {
      return Ttl.UNCHANGED;
    }
    Ttl ttl = expiry.forAccess();
    if (!ttl.isUnchanged()) {
      touch(key, ttl, version);
    }
    return ttl;
  }

  void touch(ByteString key, Ttl ttl, long version) {
    client.touch(name, key, ttl, version);
  }

  /** A touch that nobody waits for (a near hit's access). */
  void touchLater(ByteString key, Ttl ttl, long version) {
    client.touchAsync(name, key, ttl, version);
  }
}
