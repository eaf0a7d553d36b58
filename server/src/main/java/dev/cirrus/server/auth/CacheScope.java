package dev.cirrus.server.auth;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.error.SafeText;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The caches a token may touch: every cache of its account, or only the ones it names (the
 * optional {@code caches} claim). Names are compared exactly, as the server stores them.
 */
public final class CacheScope {
  /** No {@code caches} claim: every cache of the account. */
  public static final CacheScope ALL = new CacheScope(null);
  private static final int MAX_SHOWN = 5;

  /** Null for {@link #ALL}. */
  private final Set<String> names;

  private CacheScope(Set<String> names) {
    this.names = names;
  }

  /** A scope of exactly {@code names}, which must not be empty (use {@link #ALL} for every cache). */
  public static CacheScope of(Collection<String> names) {
    requireNonNull(names, "names");
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          "a token limited to caches must name at least one; leave the list out for every cache");
    }
    for (String name : names) {
      requireNonNull(name, "cache name");
    }
    return new CacheScope(Set.copyOf(names));
  }

  public boolean isAll() {
    return names == null;
  }

  /** The named caches, sorted; empty for {@link #ALL}. */
  public Set<String> names() {
    return names == null ? Set.of() : new TreeSet<>(names);
  }

  public boolean allows(String cache) {
    return names == null || names.contains(cache);
  }

  /** For messages: "every cache", or the first few names, each cut to a safe length. */
  public String describe() {
    if (names == null) {
      return "every cache";
    }
    StringBuilder text = new StringBuilder();
    int shown = 0;
    for (String name : new TreeSet<>(names)) {
      if (shown == MAX_SHOWN) {
        text.append(", … (").append(names.size() - MAX_SHOWN).append(" more)");
        break;
      }
      text.append(shown == 0 ? "" : ", ").append('\'').append(SafeText.excerpt(name)).append('\'');
      shown++;
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CacheScope scope && java.util.Objects.equals(names, scope.names);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(names);
  }

  @Override
  public String toString() {
    return "CacheScope[" + describe() + "]";
  }
}
