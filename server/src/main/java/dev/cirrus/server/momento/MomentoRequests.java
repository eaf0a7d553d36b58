package dev.cirrus.server.momento;

import dev.cirrus.server.error.CirrusException;
import dev.cirrus.server.error.ErrorCause;
import dev.cirrus.server.store.TtlSpec;
import java.util.Map;

/** What Momento's requests say, read the one way every handler reads it. */
final class MomentoRequests {
  private MomentoRequests() {}

  /**
   * A request's {@code ttl_milliseconds} (an unsigned 64-bit number; Momento's SDKs always send
   * one, their client's default TTL when the caller gave none). Zero is refused, as Momento
   * refuses it: an entry that expires at once is not what anyone means. The upper bound is the
   * server's longest TTL, checked with every other limit.
   */
  static TtlSpec ttl(long millis) {
    if (millis == 0) {
      throw CirrusException.invalidArgument(ErrorCause.INVALID_REQUEST,
          "ttl_milliseconds is 0; give the entry a positive time to live (Momento's SDKs send"
              + " the client's defaultTtlSeconds when a call names none)",
          Map.of("ttl_milliseconds", "0"));
    }
    // An unsigned value over Long.MAX_VALUE reads as negative here; the limits refuse it as
    // out of range with the allowed range in the message.
    return TtlSpec.ofMillis(millis);
  }

  /** The refusal of a request that leaves a required choice ({@code oneof}) unset. */
  static CirrusException missingChoice(String method, String field, String choices) {
    return CirrusException.invalidArgument(ErrorCause.INVALID_REQUEST,
        method + " needs its '" + field + "' set to one of " + choices + "; none was sent",
        Map.of("field", field));
  }
}
