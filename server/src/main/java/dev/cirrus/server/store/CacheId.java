package dev.cirrus.server.store;

import static java.util.Objects.requireNonNull;

/** A cache's identity: names are unique per account, and accounts never share caches. */
public record CacheId(String account, String name) {
  public CacheId {
    requireNonNull(account, "account");
    requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return account + "/" + name;
  }
}
