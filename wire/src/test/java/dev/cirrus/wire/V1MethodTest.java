package dev.cirrus.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.cirrus.proto.v1.ControlPlaneGrpc;
import dev.cirrus.proto.v1.DataPlaneGrpc;
import dev.cirrus.proto.v1.GetRequest;
import io.grpc.MethodDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class V1MethodTest {
  @Test
  void everyMethodOfBothServicesIsInTheTable() {
    Set<String> served = Stream.concat(
            ControlPlaneGrpc.getServiceDescriptor().getMethods().stream(),
            DataPlaneGrpc.getServiceDescriptor().getMethods().stream())
        .map(MethodDescriptor::getFullMethodName)
        .collect(Collectors.toSet());
    Set<String> table =
        Stream.of(V1Method.values()).map(V1Method::fullName).collect(Collectors.toSet());
    assertEquals(served, table);
  }

  @Test
  void dataPathNumbersAreTheWireContract() {
    // Released clients send these numbers; changing one breaks them.
    assertSame(V1Method.GET, V1Method.ofNumber(1));
    assertSame(V1Method.SET, V1Method.ofNumber(5));
    assertSame(V1Method.SCAN, V1Method.ofNumber(10));
    assertSame(V1Method.DESCRIBE_CACHE, V1Method.ofNumber(11));
    assertSame(V1Method.CREATE_CACHE, V1Method.ofNumber(12));
    assertSame(V1Method.DELETE_CACHE, V1Method.ofNumber(13));
    assertNull(V1Method.ofNumber(0));
    assertNull(V1Method.ofNumber(14));
    assertNull(V1Method.ofNumber(-3));
    assertFalse(V1Method.SUBSCRIBE.onDataPath());
    assertFalse(V1Method.LIST_CACHES.onDataPath());
  }

  @Test
  void requestsParseWithTheTablesParser() throws Exception {
    byte[] bytes = GetRequest.newBuilder().setCache("c").build().toByteArray();
    assertEquals("c", ((GetRequest) V1Method.GET.requestParser().parseFrom(bytes)).getCache());
    assertSame(V1Method.GET, V1Method.ofFullName("cirrus.v1.DataPlane/Get"));
    assertNotNull(V1Method.DESCRIBE_SERVER.responseParser());
  }
}
