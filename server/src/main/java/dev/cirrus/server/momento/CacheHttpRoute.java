package dev.cirrus.server.momento;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.cirrus.server.auth.Permission;
import dev.cirrus.server.error.SafeText;
import dev.cirrus.server.http.HttpCall;
import dev.cirrus.server.http.HttpProblem;
import dev.cirrus.server.http.HttpReply;
import dev.cirrus.server.http.HttpRoute;
import dev.cirrus.server.limits.FairExecutor;
import dev.cirrus.server.store.CacheId;
import dev.cirrus.server.store.ReadResult;
import dev.cirrus.server.store.TtlSpec;
import java.util.Base64;
import java.util.Map;

/**
 * Momento's HTTP cache API on the HTTP door: {@code GET|PUT|DELETE /cache/{cacheName}} with the
 * key as {@code key} (text) or {@code key_base64} (base64url, padded or not), {@code ttl_seconds}
 * on PUT, and the token in the {@code Authorization} header (bare, as Momento documents it, or
 * {@code Bearer}) or the {@code token} query parameter. 200 with the value's bytes on a hit, 404 on
 * a miss or a missing cache (the body says which), 204 after PUT and DELETE; refusals as {@link
 * MomentoHttpErrors} maps them. The same store, accounts, permissions and limits as every door:
 * a PUT body over the value limit is refused from its Content-Length before it is read.
 */
public final class CacheHttpRoute implements HttpRoute {
  /** Where the route is mounted. */
  public static final String PREFIX = "/cache/";

  private final MomentoAccess access;
  private final ScalarCache cache;
  /** Where calls run when the store blocks its callers; null: on the event loop. */
  private final FairExecutor workers;

  /**
   * @param workers the pool calls run on, fairly per account, when the store's calls wait on the
   *     network; null to run them on the HTTP door's event loop (a store in memory)
   */
  public CacheHttpRoute(MomentoAccess access, ScalarCache cache, FairExecutor workers) {
    this.access = requireNonNull(access, "access");
    this.cache = requireNonNull(cache, "cache");
    this.workers = workers;
  }

  /**
   * On a blocking store, a call with an accepted token goes to its account's queue of the
   * workers; a call whose token is refused stays on the event loop, where {@link #handle} refuses
   * it without reaching the store, and a call its account has no room for is refused at once
   * (429, naming the account, the limit and the flag).
   */
  @Override
  public Offload offload(HttpCall call) {
    Permission permission = switch (call.method()) {
      case "GET" -> Permission.READ;
      case "PUT", "DELETE" -> Permission.WRITE;
      default -> null;
    };
    if (workers == null || permission == null) {
      return null;
    }
    String account;
    try {
      account = authenticate(call, permission, call.method() + " /cache").caller().account();
    } catch (RuntimeException refused) {
      return null;
    }
    try {
      FairExecutor.Admission admission = workers.admit(account);
      return new Offload(admission, admission::release);
    } catch (RuntimeException e) {
      throw MomentoHttpErrors.of(e);
    }
  }

  @Override
  public HttpReply handle(HttpCall call) {
    try {
      return switch (call.method()) {
        case "GET" -> get(call);
        case "PUT" -> put(call);
        case "DELETE" -> delete(call);
        default -> throw HttpProblem.methodNotAllowed(call.method(), call.path(), "GET, PUT or DELETE");
      };
    } catch (RuntimeException e) {
      throw MomentoHttpErrors.of(e);
    }
  }

  private HttpReply get(HttpCall call) {
    MomentoCall momento = authenticate(call, Permission.READ, "GET /cache");
    CacheId id = momento.cacheId();
    ReadResult read = cache.get(id, key(call), momento.caller().writerId());
    if (!read.found()) {
      // A miss is an answer, not a refusal: returned, so the door does not count it as one.
      return new HttpProblem(404, "key_not_found", "Key Not Found: cache '"
          + SafeText.excerpt(id.name()) + "' holds no entry for the key").reply();
    }
    return HttpReply.of(200, "application/octet-stream", read.value().toByteArray());
  }

  private HttpReply put(HttpCall call) {
    MomentoCall momento = authenticate(call, Permission.WRITE, "PUT /cache");
    cache.set(momento.cacheId(), key(call), ByteString.copyFrom(call.body()), ttl(call),
        momento.caller().writerId());
    return noContent();
  }

  private HttpReply delete(HttpCall call) {
    MomentoCall momento = authenticate(call, Permission.WRITE, "DELETE /cache");
    cache.delete(momento.cacheId(), key(call), momento.caller().writerId());
    return noContent();
  }

  private static HttpReply noContent() {
    return new HttpReply(204, Map.of(), new byte[0]);
  }

  /** The caller, with its token checked for {@code permission}, on the cache the path names. */
  private MomentoCall authenticate(HttpCall call, Permission permission, String what) {
    String name = call.pathAfter(PREFIX);
    if (name.isEmpty() || name.contains("/")) {
      throw new HttpProblem(400, "bad_request", "the path names no cache: use /cache/{cacheName}"
          + " with the key in the query (?key=... or ?key_base64=...)");
    }
    String authorization = call.header("authorization");
    return access.authenticate(
        authorization != null ? authorization : call.queryParam("token"), name, permission, what);
  }

  private static ByteString key(HttpCall call) {
    String text = call.queryParam("key");
    String base64 = call.queryParam("key_base64");
    if ((text == null) == (base64 == null)) {
      throw new HttpProblem(400, "bad_request", text == null
          ? "no key: give it as ?key=TEXT or ?key_base64=BASE64URL"
          : "both key and key_base64 are given; send one of them");
    }
    if (text != null) {
      return ByteString.copyFromUtf8(text);
    }
    try {
      // Base64url as Momento documents it; the standard alphabet is taken too, as curl users
      // often paste it, and padding is optional.
      String normalized = base64.replace('+', '-').replace('/', '_').replace(' ', '-');
      return ByteString.copyFrom(Base64.getUrlDecoder().decode(normalized));
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(400, "bad_request",
          "key_base64 is not base64url-encoded (" + e.getMessage() + "); encode the key's bytes"
              + " with the URL-safe base64 alphabet");
    }
  }

  private static TtlSpec ttl(HttpCall call) {
    String seconds = call.queryParam("ttl_seconds");
    if (seconds == null) {
      throw new HttpProblem(400, "bad_request",
          "PUT needs ttl_seconds, the entry's time to live in seconds, e.g. ?ttl_seconds=300");
    }
    long value;
    try {
      value = Long.parseLong(seconds.trim());
    } catch (NumberFormatException e) {
      throw new HttpProblem(400, "bad_request", "ttl_seconds '" + SafeText.excerpt(seconds)
          + "' is not a whole number of seconds; send e.g. ttl_seconds=300");
    }
    if (value <= 0 || value > Long.MAX_VALUE / 1000) {
      throw new HttpProblem(400, "bad_request", "ttl_seconds must be a positive number of seconds,"
          + " got " + value);
    }
    return MomentoRequests.ttl(value * 1000);
  }
}
