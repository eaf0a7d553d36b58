package dev.cirrus.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.server.testing.BearerToken;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.RawCalls;
import dev.cirrus.server.testing.Requests;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests whose bytes are not valid messages, sent to every cirrus.v1 method: each is refused
 * with INVALID_ARGUMENT naming the method (never UNKNOWN, never a stack trace), and the server
 * keeps serving.
 */
class MalformedRequestTest {
  @RegisterExtension static final CirrusServerExtension server = new CirrusServerExtension();
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private static BearerToken credentials() {
    return new BearerToken(server.token(CirrusServerExtension.ACCOUNT), "malformed-test");
  }

  /** Byte sequences that no protobuf message parses from, whatever its fields. */
  static Stream<Arguments> malformed() {
    List<Object[]> payloads = List.of(
        new Object[] {"length varint cut short", new byte[] {0x0A, (byte) 0x80}},
        new Object[] {"length past the end", new byte[] {0x0A, 0x10, 'a'}},
        new Object[] {"wire type 7 does not exist", new byte[] {0x0F, 0x01}},
        new Object[] {"end of a group never started", new byte[] {0x0C}},
        new Object[] {"field number 0", new byte[] {0x00, 0x01}},
        new Object[] {"varint of eleven bytes", eleven()},
        new Object[] {"groups nested past the recursion limit", nestedGroups(500)});
    return RawCalls.cirrusMethods().stream().flatMap(method -> payloads.stream()
        .map(p -> Arguments.of(method.getBareMethodName(), p[0], method, p[1])));
  }

  private static byte[] eleven() {
    byte[] bytes = new byte[12];
    bytes[0] = 0x08; // field 1, varint
    Arrays.fill(bytes, 1, 12, (byte) 0xFF);
    return bytes;
  }

  private static byte[] nestedGroups(int depth) {
    byte[] bytes = new byte[depth];
    Arrays.fill(bytes, (byte) 0x7B); // field 15, start group
    return bytes;
  }

  @AfterEach
  void serverStillServes() {
    Requests.put(server.data(), server.newCache(), "k", "v");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("malformed")
  void malformedMessage_invalidArgument_namingTheMethod(
      String name, String what, MethodDescriptor<?, ?> method, byte[] payload) {
    RawCalls.Result result = RawCalls.call(server.channel(), method, payload,
        credentials(), DEADLINE);

    assertEquals(Status.Code.INVALID_ARGUMENT, result.status().getCode(), result.status()::toString);
    assertTrue(result.status().getDescription().contains(method.getFullMethodName()),
        result.status()::toString);
    assertTrue(result.status().getDescription().contains("not a valid cirrus.v1 message"),
        result.status()::toString);
    assertFalse(RawCalls.leaksInternals(result.status()), result.status()::toString);
  }

  /** The same refusal as an exception with its trailer, as a stub would surface it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void malformedMessage_carriesAnErrorDetail(String name, MethodDescriptor<?, ?> method) {
    var raw = RawCalls.raw(method);
    var options = io.grpc.CallOptions.DEFAULT
        .withCallCredentials(credentials())
        .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS);
    StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
        StatusRuntimeException.class, () -> {
          var answers = io.grpc.stub.ClientCalls.blockingServerStreamingCall(
              server.channel(), raw, options, new byte[] {0x0F});
          answers.next();
        });
    ErrorDetail detail = e.getTrailers().get(ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance()));
    assertEquals(ErrorReason.INVALID_REQUEST, detail.getReason());
    assertEquals(method.getFullMethodName(), detail.getFactsMap().get("method"));
  }

  static Stream<Arguments> methods() {
    return RawCalls.cirrusMethods().stream().map(m -> Arguments.of(m.getBareMethodName(), m));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void invalidUtf8_inAStringField_invalidArgument(String name, MethodDescriptor<?, ?> method) {
    Descriptors.Descriptor input = ((ProtoMethodDescriptorSupplier) method.getSchemaDescriptor())
        .getMethodDescriptor().getInputType();
    Descriptors.FieldDescriptor first = input.findFieldByNumber(1);
    if (first == null || first.getType() != Descriptors.FieldDescriptor.Type.STRING) {
      return; // nothing to check: this request has no string field 1
    }
    byte[] payload = {0x0A, 0x02, (byte) 0xC3, 0x28};
    RawCalls.Result result = RawCalls.call(server.channel(), method, payload,
        credentials(), DEADLINE);
    assertEquals(Status.Code.INVALID_ARGUMENT, result.status().getCode(), result.status()::toString);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void randomBytes_neverUnknownOrInternal_neverALeak(String name, MethodDescriptor<?, ?> method) {
    long seed = method.getFullMethodName().hashCode();
    Random random = new Random(seed);
    Set<Status.Code> clean = Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
        Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS, Status.Code.RESOURCE_EXHAUSTED);
    BearerToken credentials = credentials();
    for (int i = 0; i < 25; i++) {
      byte[] payload = new byte[random.nextInt(64)];
      random.nextBytes(payload);
      RawCalls.Result result = RawCalls.call(server.channel(), method, payload, credentials, DEADLINE);
      Status status = result.answered() ? Status.OK : result.status();
      assertTrue(clean.contains(status.getCode()),
          () -> "seed " + seed + ", payload " + Arrays.toString(payload) + ": " + status);
      assertFalse(RawCalls.leaksInternals(status), status::toString);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void malformedMessage_withoutToken_isUnauthenticatedFirst(String name, MethodDescriptor<?, ?> method) {
    RawCalls.Result result = RawCalls.call(server.channel(), method, new byte[] {0x0F},
        new BearerToken(null, "anonymous"), DEADLINE);
    assertNotEquals(Status.Code.UNKNOWN, result.status().getCode());
    assertEquals(Status.Code.UNAUTHENTICATED, result.status().getCode(), result.status()::toString);
  }
}
