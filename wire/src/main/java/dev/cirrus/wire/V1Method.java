package dev.cirrus.wire;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import io.grpc.MethodDescriptor;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every cirrus.v1 method and the facts both sides derive their behaviour from, written once:
 *
 * <ul>
 *   <li>the number a data path REQUEST frame names it by (0: not served on the data path). The
 *       numbers are wire contract: never change or reuse one;
 *   <li>its gRPC descriptor, which gives its full name and its request and response types;
 *   <li>whether it is idempotent: the client retries only these after a lost answer;
 *   <li>whether it is heavy (its cost grows with the entries it touches): the server runs these on
 *       its worker pool, never on a transport thread, except a small batch on the data path over
 *       a store in memory (see {@link #batch()});
 *   <li>the {@link Access} a token needs for it.
 * </ul>
 */
public enum V1Method {
  DESCRIBE_SERVER(0, ControlPlaneGrpc.getDescribeServerMethod(), Kind.IDEMPOTENT, Access.ANY_TOKEN),
  // The data path carries these three of the control calls for servers that say so in
  // DescribeServer (data_path_control): a cache opened or dropped costs a data call, not a gRPC one.
  CREATE_CACHE(12, ControlPlaneGrpc.getCreateCacheMethod(), Kind.WRITE, Access.CONTROL),
  LIST_CACHES(0, ControlPlaneGrpc.getListCachesMethod(), Kind.HEAVY_IDEMPOTENT, Access.READ),
  DESCRIBE_CACHE(11, ControlPlaneGrpc.getDescribeCacheMethod(), Kind.IDEMPOTENT, Access.READ),
  FLUSH_CACHE(0, ControlPlaneGrpc.getFlushCacheMethod(), Kind.HEAVY_WRITE, Access.CONTROL),
  DELETE_CACHE(13, ControlPlaneGrpc.getDeleteCacheMethod(), Kind.HEAVY_WRITE, Access.CONTROL),

  GET(1, DataPlaneGrpc.getGetMethod(), Kind.IDEMPOTENT, Access.READ),
  GET_BATCH(2, DataPlaneGrpc.getGetBatchMethod(), Kind.BATCH_IDEMPOTENT, Access.READ),
  CONTAINS(3, DataPlaneGrpc.getContainsMethod(), Kind.IDEMPOTENT, Access.READ),
  // Touch only moves an expiry to the same place when sent twice.
  TOUCH(4, DataPlaneGrpc.getTouchMethod(), Kind.IDEMPOTENT, Access.READ),
  SET(5, DataPlaneGrpc.getSetMethod(), Kind.WRITE, Access.WRITE),
  SET_BATCH(6, DataPlaneGrpc.getSetBatchMethod(), Kind.BATCH_WRITE, Access.WRITE),
  DELETE(7, DataPlaneGrpc.getDeleteMethod(), Kind.WRITE, Access.WRITE),
  DELETE_BATCH(8, DataPlaneGrpc.getDeleteBatchMethod(), Kind.BATCH_WRITE, Access.WRITE),
  CLEAR(9, DataPlaneGrpc.getClearMethod(), Kind.HEAVY_WRITE, Access.WRITE),
  SCAN(10, DataPlaneGrpc.getScanMethod(), Kind.HEAVY_IDEMPOTENT, Access.READ),
  // A stream is resumed by the client itself (resubscribe with its position), never retried.
  SUBSCRIBE(0, DataPlaneGrpc.getSubscribeMethod(), Kind.WRITE, Access.READ);

  /** Idempotence and weight together, so each row above reads as one word. */
  private enum Kind {
    IDEMPOTENT(true, false, false),
    BATCH_IDEMPOTENT(true, true, true),
    HEAVY_IDEMPOTENT(true, true, false),
    WRITE(false, false, false),
    BATCH_WRITE(false, true, true),
    HEAVY_WRITE(false, true, false);

    final boolean idempotent;
    final boolean heavy;
    final boolean batch;

    Kind(boolean idempotent, boolean heavy, boolean batch) {
      this.idempotent = idempotent;
      this.heavy = heavy;
      this.batch = batch;
    }
  }

  private static final V1Method[] BY_NUMBER = byNumber();
  private static final Map<String, V1Method> BY_NAME = Stream.of(values())
      .collect(Collectors.toUnmodifiableMap(V1Method::fullName, Function.identity()));

  private final byte number;
  private final MethodDescriptor<?, ?> descriptor;
  private final Kind kind;
  private final Access access;

  V1Method(int number, MethodDescriptor<?, ?> descriptor, Kind kind, Access access) {
    this.number = (byte) number;
    this.descriptor = descriptor;
    this.kind = kind;
    this.access = access;
  }

  /** The method a data path REQUEST frame numbers {@code number}, or null when there is none. */
  public static V1Method ofNumber(int number) {
    return number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
  }

  /** The method with gRPC full name {@code fullName} ("cirrus.v1.DataPlane/Get"), or null. */
  public static V1Method ofFullName(String fullName) {
    return BY_NAME.get(fullName);
  }

  /** Its data path number; only meaningful when {@link #onDataPath()}. */
  public byte number() {
    return number;
  }

  public boolean onDataPath() {
    return number != 0;
  }

  public MethodDescriptor<?, ?> descriptor() {
    return descriptor;
  }

  /** The gRPC full name, "cirrus.v1.DataPlane/Get". */
  public String fullName() {
    return descriptor.getFullMethodName();
  }

  /** The service, "cirrus.v1.DataPlane". */
  public String serviceName() {
    return descriptor.getServiceName();
  }

  /** The method's own name within its service, "Get". */
  public String bareName() {
    return descriptor.getBareMethodName();
  }

  public boolean idempotent() {
    return kind.idempotent;
  }

  public boolean heavy() {
    return kind.heavy;
  }

  /**
   * Whether it is a batch: heavy, but its cost is bounded by its request (the point operations
   * on the entries it names), not by what is stored as a scan's or a clear's is. A small one
   * costs the server as little as a few point calls.
   */
  public boolean batch() {
    return kind.batch;
  }

  public Access access() {
    return access;
  }

  /** How the request message parses from bytes. */
  public Parser<? extends Message> requestParser() {
    return prototype(descriptor.getRequestMarshaller()).getParserForType();
  }

  /** How the response message parses from bytes. */
  public Parser<? extends Message> responseParser() {
    return prototype(descriptor.getResponseMarshaller()).getParserForType();
  }

  private static Message prototype(MethodDescriptor.Marshaller<?> marshaller) {
    // grpc-protobuf's marshallers all carry their message's default instance.
    return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) marshaller).getMessagePrototype();
  }

  private static V1Method[] byNumber() {
    int max = Stream.of(values()).mapToInt(m -> m.number).max().orElse(0);
    V1Method[] table = new V1Method[max + 1];
    for (V1Method method : values()) {
      if (method.number != 0) {
        if (table[method.number] != null) {
          throw new ExceptionInInitializerError("data path number " + method.number + " twice");
        }
        table[method.number] = method;
      }
    }
    return table;
  }
}
