package dev.cirrus.server.testing;

import static dev.cirrus.server.testing.CirrusServerExtension.bytes;

import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc.DataPlaneBlockingStub;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ReadResult;
import dev.cirrus.proto.v1.Removal;
import dev.cirrus.proto.v1.RemovalResult;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.Ttl;
import dev.cirrus.proto.v1.TtlMode;
import dev.cirrus.proto.v1.Write;
import dev.cirrus.proto.v1.WriteResult;
import java.time.Duration;

/** Short forms for the requests tests send most. */
public final class Requests {
  private Requests() {}

  public static Ttl ttl(Duration duration) {
    return Ttl.newBuilder().setMode(TtlMode.TTL_MODE_DURATION).setMillis(duration.toMillis()).build();
  }

  public static Ttl eternal() {
    return Ttl.newBuilder().setMode(TtlMode.TTL_MODE_ETERNAL).build();
  }

  public static Write.Builder write(String key, String value) {
    return Write.newBuilder().setKey(bytes(key)).setValue(bytes(value));
  }

  public static Removal.Builder removal(String key) {
    return Removal.newBuilder().setKey(bytes(key));
  }

  public static WriteResult set(DataPlaneBlockingStub data, String cache, Write.Builder write) {
    return data.set(SetRequest.newBuilder().setCache(cache).setWrite(write).build()).getResult();
  }

  public static WriteResult put(DataPlaneBlockingStub data, String cache, String key, String value) {
    return set(data, cache, write(key, value));
  }

  public static RemovalResult delete(DataPlaneBlockingStub data, String cache, Removal.Builder removal) {
    return data.delete(DeleteRequest.newBuilder().setCache(cache).setRemoval(removal).build())
        .getResult();
  }

  public static ReadResult get(DataPlaneBlockingStub data, String cache, String key) {
    return data.get(GetRequest.newBuilder().setCache(cache).setKey(bytes(key)).build()).getResult();
  }

  public static ReadResult get(DataPlaneBlockingStub data, String cache, String key, Ttl accessTtl) {
    return data.get(GetRequest.newBuilder().setCache(cache).setKey(bytes(key))
        .setAccessTtl(accessTtl).build()).getResult();
  }

  public static boolean contains(DataPlaneBlockingStub data, String cache, String key) {
    return data.contains(ContainsRequest.newBuilder().setCache(cache).setKey(bytes(key)).build())
        .getFound();
  }
}
