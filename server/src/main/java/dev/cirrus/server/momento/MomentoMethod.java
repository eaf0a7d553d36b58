package dev.cirrus.server.momento;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.cirrus.momento.proto.cache._DeleteRequest;
import dev.cirrus.momento.proto.cache._GetBatchRequest;
import dev.cirrus.momento.proto.cache._GetRequest;
import dev.cirrus.momento.proto.cache._GetWithHashRequest;
import dev.cirrus.momento.proto.cache._IncrementRequest;
import dev.cirrus.momento.proto.cache._ItemGetTtlRequest;
import dev.cirrus.momento.proto.cache._ItemGetTypeRequest;
import dev.cirrus.momento.proto.cache._KeysExistRequest;
import dev.cirrus.momento.proto.cache._PingRequest;
import dev.cirrus.momento.proto.cache._SetBatchRequest;
import dev.cirrus.momento.proto.cache._SetIfHashRequest;
import dev.cirrus.momento.proto.cache._SetIfNotExistsRequest;
import dev.cirrus.momento.proto.cache._SetIfRequest;
import dev.cirrus.momento.proto.cache._SetRequest;
import dev.cirrus.momento.proto.cache._UpdateTtlRequest;
import dev.cirrus.momento.proto.control._CreateCacheRequest;
import dev.cirrus.momento.proto.control._DeleteCacheRequest;
import dev.cirrus.momento.proto.control._FlushCacheRequest;
import dev.cirrus.momento.proto.control._ListCachesRequest;
import dev.cirrus.server.auth.Permission;
import java.util.HashMap;
import java.util.Map;

/**
 * The Momento methods Cirrus serves, by gRPC full name: what a token needs for each (null: Ping,
 * which Momento's SDKs call without one), whether the call names its cache in the {@code cache}
 * metadata, whether it answers with a stream, and whether it walks many entries (such calls run
 * on the worker pool, never on a transport thread). Every other method of Momento's services is
 * answered UNIMPLEMENTED by the door.
 */
public enum MomentoMethod {
  PING(Service.PING, "Ping", _PingRequest.parser(), null, Shape.UNARY),

  CREATE_CACHE(Service.CONTROL, "CreateCache", _CreateCacheRequest.parser(), Permission.CONTROL,
      Shape.UNARY),
  DELETE_CACHE(Service.CONTROL, "DeleteCache", _DeleteCacheRequest.parser(), Permission.CONTROL,
      Shape.HEAVY),
  LIST_CACHES(Service.CONTROL, "ListCaches", _ListCachesRequest.parser(), Permission.READ,
      Shape.HEAVY),
  FLUSH_CACHE(Service.CONTROL, "FlushCache", _FlushCacheRequest.parser(), Permission.CONTROL,
      Shape.HEAVY),

  GET(Service.CACHE, "Get", _GetRequest.parser(), Permission.READ, Shape.UNARY),
  GET_WITH_HASH(Service.CACHE, "GetWithHash", _GetWithHashRequest.parser(), Permission.READ,
      Shape.UNARY),
  GET_BATCH(Service.CACHE, "GetBatch", _GetBatchRequest.parser(), Permission.READ, Shape.STREAM),
  SET(Service.CACHE, "Set", _SetRequest.parser(), Permission.WRITE, Shape.UNARY),
  SET_BATCH(Service.CACHE, "SetBatch", _SetBatchRequest.parser(), Permission.WRITE, Shape.STREAM),
  SET_IF(Service.CACHE, "SetIf", _SetIfRequest.parser(), Permission.WRITE, Shape.UNARY),
  SET_IF_HASH(Service.CACHE, "SetIfHash", _SetIfHashRequest.parser(), Permission.WRITE,
      Shape.UNARY),
  SET_IF_NOT_EXISTS(Service.CACHE, "SetIfNotExists", _SetIfNotExistsRequest.parser(),
      Permission.WRITE, Shape.UNARY),
  DELETE(Service.CACHE, "Delete", _DeleteRequest.parser(), Permission.WRITE, Shape.UNARY),
  KEYS_EXIST(Service.CACHE, "KeysExist", _KeysExistRequest.parser(), Permission.READ,
      Shape.HEAVY),
  INCREMENT(Service.CACHE, "Increment", _IncrementRequest.parser(), Permission.WRITE,
      Shape.UNARY),
  UPDATE_TTL(Service.CACHE, "UpdateTtl", _UpdateTtlRequest.parser(), Permission.WRITE,
      Shape.UNARY),
  ITEM_GET_TTL(Service.CACHE, "ItemGetTtl", _ItemGetTtlRequest.parser(), Permission.READ,
      Shape.UNARY),
  ITEM_GET_TYPE(Service.CACHE, "ItemGetType", _ItemGetTypeRequest.parser(), Permission.READ,
      Shape.UNARY);

  /** Momento's gRPC services, by full name. */
  public enum Service {
    CACHE("cache_client.Scs"),
    CONTROL("control_client.ScsControl"),
    PING("cache_client.Ping");

    private final String fullName;

    Service(String fullName) {
      this.fullName = fullName;
    }

    public String fullName() {
      return fullName;
    }
  }

  private enum Shape {
    UNARY,
    /** Unary, but it walks many entries (or caches). */
    HEAVY,
    /** A stream of responses; walks many entries. */
    STREAM
  }

  private static final Map<String, MomentoMethod> BY_FULL_NAME = new HashMap<>();

  static {
    for (MomentoMethod method : values()) {
      BY_FULL_NAME.put(method.fullName, method);
    }
  }

  private final Service service;
  private final String fullName;
  private final Parser<? extends Message> parser;
  private final Permission permission;
  private final Shape shape;

  MomentoMethod(Service service, String name, Parser<? extends Message> parser,
      Permission permission, Shape shape) {
    this.service = service;
    this.fullName = service.fullName() + "/" + name;
    this.parser = parser;
    this.permission = permission;
    this.shape = shape;
  }

  /** The served method with gRPC full name {@code fullName} ("cache_client.Scs/Get"), or null. */
  public static MomentoMethod ofFullName(String fullName) {
    return BY_FULL_NAME.get(fullName);
  }

  public Service service() {
    return service;
  }

  public String fullName() {
    return fullName;
  }

  public Parser<? extends Message> requestParser() {
    return parser;
  }

  /** The permission a token needs to call this method; null when no token is asked for. */
  public Permission permission() {
    return permission;
  }

  /** Whether the call names its cache in the {@code cache} metadata (every data method does). */
  public boolean namesCacheInMetadata() {
    return service == Service.CACHE;
  }

  /** Whether the method answers with a stream of responses (GetBatch, SetBatch). */
  public boolean streams() {
    return shape == Shape.STREAM;
  }

  /** Whether a call may walk many entries or caches, and so runs off the transport threads. */
  public boolean heavy() {
    return shape != Shape.UNARY;
  }
}
