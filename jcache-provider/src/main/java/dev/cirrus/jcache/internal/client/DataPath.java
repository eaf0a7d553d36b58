package dev.cirrus.jcache.internal.client;

import com.google.protobuf.MessageLite;
import dev.cirrus.proto.v1.ClearRequest;
import dev.cirrus.proto.v1.ClearResponse;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.ContainsResponse;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteBatchResponse;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.DeleteResponse;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetBatchResponse;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.GetResponse;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.ScanResponse;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetBatchResponse;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.SetResponse;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.proto.v1.TouchResponse;
import dev.cirrus.wire.V1Method;
import java.util.List;

/**
 * The DataPlane's unary calls, by whichever transport carries them: {@link GrpcDataPath} or the
 * binary {@link FastDataPath}. A transport implements {@link #call} alone, for any method of
 * {@link V1Method} (its descriptor, data path number and idempotence come from there); the typed
 * calls below only name the method. Both transports answer with the same messages and fail with
 * the same {@link io.grpc.StatusRuntimeException}s (status, description, {@code ErrorDetail}
 * trailer), so everything above them is transport-blind. Each call is bounded by the client's
 * call timeout.
 */
interface DataPath {

  /**
   * Runs {@code method} with {@code request} and answers its response message, of the type the
   * method's descriptor names.
   */
  <R> R call(V1Method method, MessageLite request);

  default GetResponse get(GetRequest request) {
    return call(V1Method.GET, request);
  }

  /** A Get, answered as the outcome it carries. */
  default ReadOutcome read(GetRequest request) {
    return V1Messages.read(get(request).getResult());
  }

  /** A Set, answered as the outcome it carries. */
  default WriteOutcome write(MessageLite request) {
    return V1Messages.written(set(proto(request, SetRequest.class)).getResult());
  }

  /** A SetBatch, answered as the outcomes it carries, in the writes' order. */
  default List<WriteOutcome> writeBatch(MessageLite request) {
    return V1Messages.written(setBatch(proto(request, SetBatchRequest.class)).getResultsList());
  }

  /** Protobuf's own message of a request, which may be a {@link WriteRequest}. */
  private static <M> M proto(MessageLite request, Class<M> type) {
    return type.cast(request instanceof WriteRequest w ? w.proto() : request);
  }

  /**
   * A GetBatch, answered as the outcomes it carries, in the keys' order.
   *
   * @param valuesKept whether the caller keeps a value's bytes beyond decoding it (a near cache
   *     does): when not, they may be views of the answer
   */
  default List<ReadOutcome> readBatch(GetBatchRequest request, boolean valuesKept) {
    return V1Messages.reads(getBatch(request).getResultsList());
  }

  default GetBatchResponse getBatch(GetBatchRequest request) {
    return call(V1Method.GET_BATCH, request);
  }

  default ContainsResponse contains(ContainsRequest request) {
    return call(V1Method.CONTAINS, request);
  }

  default TouchResponse touch(TouchRequest request) {
    return call(V1Method.TOUCH, request);
  }

  default SetResponse set(SetRequest request) {
    return call(V1Method.SET, request);
  }

  default SetBatchResponse setBatch(SetBatchRequest request) {
    return call(V1Method.SET_BATCH, request);
  }

  default DeleteResponse delete(DeleteRequest request) {
    return call(V1Method.DELETE, request);
  }

  default DeleteBatchResponse deleteBatch(DeleteBatchRequest request) {
    return call(V1Method.DELETE_BATCH, request);
  }

  default ClearResponse clear(ClearRequest request) {
    return call(V1Method.CLEAR, request);
  }

  default ScanResponse scan(ScanRequest request) {
    return call(V1Method.SCAN, request);
  }
}
