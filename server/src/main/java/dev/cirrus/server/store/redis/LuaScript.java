package dev.cirrus.server.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One server-side script from this package's resources, run by its SHA-1 digest, and sent in
 * full only when the shard does not know it yet (after a restart or failover it has forgotten
 * it). Every script answers a flat array (Lua table).
 */
final class LuaScript {
  private static final String PRELUDE = read("prelude.lua");

  private final String name;
  private final byte[] body;
  private final String digest;

  private LuaScript(String name, String source) {
    this.name = name;
    this.body = source.getBytes(StandardCharsets.UTF_8);
    this.digest = sha1(body);
  }

  /**
   * The script {@code name}.lua after the shared prelude of per-bucket scripts. A first line
   * {@code #!lua flags=...} (Redis 7 script flags) stays first, where Redis looks for it.
   */
  static LuaScript withPrelude(String name) {
    String source = read(name + ".lua");
    if (source.startsWith("#!")) {
      int end = source.indexOf('\n') + 1;
      return new LuaScript(name, source.substring(0, end) + PRELUDE + "\n" + source.substring(end));
    }
    return new LuaScript(name, PRELUDE + "\n" + source);
  }

  /** The script {@code name}.lua on its own. */
  static LuaScript alone(String name) {
    return new LuaScript(name, read(name + ".lua"));
  }

  CompletableFuture<List<Object>> run(
      RedisClusterAsyncCommands<byte[], byte[]> redis, byte[][] keys, byte[]... args) {
    CompletableFuture<List<Object>> bySha =
        redis.<List<Object>>evalsha(digest, ScriptOutputType.MULTI, keys, args).toCompletableFuture();
    return bySha.exceptionallyCompose(e -> {
      if (unwrap(e) instanceof RedisNoScriptException) {
        return redis.<List<Object>>eval(body, ScriptOutputType.MULTI, keys, args).toCompletableFuture();
      }
      return CompletableFuture.failedFuture(e);
    });
  }

  String name() {
    return name;
  }

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String read(String resource) {
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("script resource " + resource + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script resource " + resource, e);
    }
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
