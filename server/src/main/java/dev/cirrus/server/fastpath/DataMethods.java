package dev.cirrus.server.fastpath;

import com.google.protobuf.Parser;
import dev.cirrus.proto.v1.ClearRequest;
import dev.cirrus.proto.v1.ContainsRequest;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.DeleteBatchRequest;
import dev.cirrus.proto.v1.DeleteRequest;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.GetRequest;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.proto.v1.TouchRequest;
import dev.cirrus.server.data.DataPlaneService;
import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;
import java.util.function.BiConsumer;

/**
 * The methods the data path serves, by the number a request frame starts with, each bound to the
 * {@link DataPlaneService} method a gRPC call of it runs. The numbers are wire contract: never
 * reuse one.
 */
final class DataMethods {
  static final byte GET = 1;
  static final byte GET_BATCH = 2;
  static final byte CONTAINS = 3;
  static final byte TOUCH = 4;
  static final byte SET = 5;
  static final byte SET_BATCH = 6;
  static final byte DELETE = 7;
  static final byte DELETE_BATCH = 8;
  static final byte CLEAR = 9;
  static final byte SCAN = 10;

  /** One method: how its request parses, and the service method that answers it. */
  record Route<Q, R>(
      MethodDescriptor<Q, R> method, Parser<Q> parser, BiConsumer<Q, StreamObserver<R>> handler) {
    String name() {
      return method.getFullMethodName();
    }
  }

  private final Route<?, ?>[] routes = new Route<?, ?>[SCAN + 1];

  DataMethods(DataPlaneService service) {
    routes[GET] = new Route<>(DataPlaneGrpc.getGetMethod(), GetRequest.parser(), service::get);
    routes[GET_BATCH] = new Route<>(
        DataPlaneGrpc.getGetBatchMethod(), GetBatchRequest.parser(), service::getBatch);
    routes[CONTAINS] = new Route<>(
        DataPlaneGrpc.getContainsMethod(), ContainsRequest.parser(), service::contains);
    routes[TOUCH] = new Route<>(DataPlaneGrpc.getTouchMethod(), TouchRequest.parser(), service::touch);
    routes[SET] = new Route<>(DataPlaneGrpc.getSetMethod(), SetRequest.parser(), service::set);
    routes[SET_BATCH] = new Route<>(
        DataPlaneGrpc.getSetBatchMethod(), SetBatchRequest.parser(), service::setBatch);
    routes[DELETE] = new Route<>(
        DataPlaneGrpc.getDeleteMethod(), DeleteRequest.parser(), service::delete);
    routes[DELETE_BATCH] = new Route<>(
        DataPlaneGrpc.getDeleteBatchMethod(), DeleteBatchRequest.parser(), service::deleteBatch);
    routes[CLEAR] = new Route<>(DataPlaneGrpc.getClearMethod(), ClearRequest.parser(), service::clear);
    routes[SCAN] = new Route<>(DataPlaneGrpc.getScanMethod(), ScanRequest.parser(), service::scan);
  }

  /** The route for method number {@code number}, or null when there is none. */
  Route<?, ?> route(int number) {
    return number > 0 && number < routes.length ? routes[number] : null;
  }
}
