package dev.cirrus.server.store.redis;

import dev.cirrus.server.netty.redis.RedisRefusal;
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
import java.util.function.Function;

/**
 * One server-side script from this package's resources, run by its SHA-1 digest, and sent in
 * full only when the shard does not know it yet (after a restart or failover it has forgotten
 * it). Every script answers a flat array (Lua table).
 */
final class LuaScript {
  private static final String PRELUDE = read("prelude.lua");

  private static final byte[] EVALSHA = "EVALSHA".getBytes(StandardCharsets.US_ASCII);

  private final String name;
  private final byte[] body;
  private final String digest;
  private final byte[] digestBytes;

  private LuaScript(String name, String source) {
    this.name = name;
    this.body = source.getBytes(StandardCharsets.UTF_8);
    this.digest = sha1(body);
    this.digestBytes = digest.getBytes(StandardCharsets.US_ASCII);
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

  /**
   * Runs it with {@code keys} (all of {@code slot}) and {@code args}: on a data-path loop, on its
   * own connection to the slot's master ({@link RedisLink#callHere}); elsewhere, when that
   * connection cannot take it, or when the master refused it before running it (the slot moved,
   * the script is not loaded there), through Lettuce, which follows the slot and loads the script.
   */
  CompletableFuture<List<Object>> run(RedisLink link, int slot, byte[][] keys, byte[]... args) {
    byte[][] command = new byte[3 + keys.length + args.length][];
    command[0] = EVALSHA;
    command[1] = digestBytes;
    command[2] = Integer.toString(keys.length).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(keys, 0, command, 3, keys.length);
    System.arraycopy(args, 0, command, 3 + keys.length, args.length);
    CompletableFuture<Object> here = link.callHere(slot, command);
    if (here == null) {
      return run(link.commands(), keys, args);
    }
    @SuppressWarnings("unchecked")
    CompletableFuture<List<Object>> answer = here.handle((reply, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture((List<Object>) reply);
      }
      if (unwrap(failure) instanceof RedisRefusal refused && refused.beforeRunning()) {
        return run(link.commands(), keys, args);
      }
      return CompletableFuture.<List<Object>>failedFuture(failure);
    }).thenCompose(Function.identity());
    return answer;
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
