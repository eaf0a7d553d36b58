package dev.cirrus.jcache.client;

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

/**
 * The DataPlane's unary calls, by whichever transport carries them: {@link GrpcDataPath} or the
 * binary {@link FastDataPath}. Both answer with the same messages and fail with the same
 * {@link io.grpc.StatusRuntimeException}s (status, description, {@code ErrorDetail} trailer), so
 * everything above them is transport-blind. Each call is bounded by the client's call timeout.
 */
interface DataPath {
  GetResponse get(GetRequest request);

  GetBatchResponse getBatch(GetBatchRequest request);

  ContainsResponse contains(ContainsRequest request);

  TouchResponse touch(TouchRequest request);

  SetResponse set(SetRequest request);

  SetBatchResponse setBatch(SetBatchRequest request);

  DeleteResponse delete(DeleteRequest request);

  DeleteBatchResponse deleteBatch(DeleteBatchRequest request);

  ClearResponse clear(ClearRequest request);

  ScanResponse scan(ScanRequest request);
}
