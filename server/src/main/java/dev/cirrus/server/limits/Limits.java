package dev.cirrus.server.limits;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.store.AnswerBytes;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What one request and one account may use.
 *
 * <p>Cache names: 1 to {@code maxCacheNameLength} characters, any but control characters and line
 * or paragraph separators, without leading or trailing spaces. JCache names are free text: the TCK
 * itself uses {@code "new cache"}, Hibernate uses class names ({@code com.example.Outer$Inner}),
 * Spring users write {@code users::byId}.
 */
public record Limits(
    int maxKeyBytes,
    int maxValueBytes,
    int maxBatchSize,
    int maxCachesPerAccount,
    Duration maxTtl,
    int maxCacheNameLength,
    int maxConfigBytes,
    int maxResponseBytes) {

  private static final Pattern NAME_CHARS = Pattern.compile("[^\\p{Cntrl}\\p{Zl}\\p{Zp}]+");

  public Limits {
    positive("maxKeyBytes", maxKeyBytes);
    positive("maxValueBytes", maxValueBytes);
    positive("maxBatchSize", maxBatchSize);
    positive("maxCachesPerAccount", maxCachesPerAccount);
    positive("maxCacheNameLength", maxCacheNameLength);
    positive("maxConfigBytes", maxConfigBytes);
    positive("maxResponseBytes", maxResponseBytes);
    // One entry (a scan's key and value) must fit in an answer, or some entries could never be read.
    long oneEntry = (long) maxKeyBytes + maxValueBytes + AnswerBytes.ITEM_OVERHEAD;
    if (maxResponseBytes < oneEntry) {
      throw new IllegalArgumentException("maxResponseBytes must hold one key and value ("
          + oneEntry + " bytes), got " + maxResponseBytes);
    }
    requireNonNull(maxTtl, "maxTtl");
    if (maxTtl.isNegative() || maxTtl.isZero()) {
      throw new IllegalArgumentException("maxTtl must be positive, got " + maxTtl);
    }
  }

  public static Limits defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .maxKeyBytes(maxKeyBytes)
        .maxValueBytes(maxValueBytes)
        .maxBatchSize(maxBatchSize)
        .maxCachesPerAccount(maxCachesPerAccount)
        .maxTtl(maxTtl)
        .maxCacheNameLength(maxCacheNameLength)
        .maxConfigBytes(maxConfigBytes)
        .maxResponseBytes(maxResponseBytes);
  }

  /** Whether {@code name} is an acceptable cache name. */
  public boolean isValidCacheName(String name) {
    return name != null
        && !name.isEmpty()
        && name.length() <= maxCacheNameLength
        && NAME_CHARS.matcher(name).matches()
        // JCache names are free text ("new cache" is a TCK name), but edge spaces are a typo.
        && name.strip().equals(name);
  }

  /**
   * The largest gRPC message the server accepts: well above one maximal key and value, so that an
   * oversized value is refused by our check (with a clear message), not by the transport.
   */
  public int maxInboundMessageBytes() {
    long perEntry = (long) maxKeyBytes * 2 + (long) maxValueBytes * 2 + 1024;
    long bytes = Math.max(16L << 20, perEntry * 4);
    return (int) Math.min(Integer.MAX_VALUE - 1024, bytes);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Starts from the defaults: 64 KiB keys, 1 MiB values, 1000-item batches, 1000 caches per
   * account, TTLs up to 365 days, 255-character cache names, 64 KiB client configs, 64 MiB
   * answers (what a client accepts: the provider's largest inbound message). */
  public static final class Builder {
    private int maxKeyBytes = 64 * 1024;
    private int maxValueBytes = 1024 * 1024;
    private int maxBatchSize = 1000;
    private int maxCachesPerAccount = 1000;
    private Duration maxTtl = Duration.ofDays(365);
    private int maxCacheNameLength = 255;
    private int maxConfigBytes = 64 * 1024;
    private int maxResponseBytes = 64 * 1024 * 1024;

    private Builder() {}

    public Builder maxKeyBytes(int value) {
      this.maxKeyBytes = value;
      return this;
    }

    public Builder maxValueBytes(int value) {
      this.maxValueBytes = value;
      return this;
    }

    public Builder maxBatchSize(int value) {
      this.maxBatchSize = value;
      return this;
    }

    public Builder maxCachesPerAccount(int value) {
      this.maxCachesPerAccount = value;
      return this;
    }

    public Builder maxTtl(Duration value) {
      this.maxTtl = value;
      return this;
    }

    public Builder maxCacheNameLength(int value) {
      this.maxCacheNameLength = value;
      return this;
    }

    public Builder maxConfigBytes(int value) {
      this.maxConfigBytes = value;
      return this;
    }

    /**
     * The most bytes one answer may carry: a batch whose answer would be larger is refused, a scan
     * page ends early.
     */
    public Builder maxResponseBytes(int value) {
      this.maxResponseBytes = value;
      return this;
    }

    public Limits build() {
      return new Limits(
          maxKeyBytes, maxValueBytes, maxBatchSize, maxCachesPerAccount, maxTtl,
          maxCacheNameLength, maxConfigBytes, maxResponseBytes);
    }
  }
}
