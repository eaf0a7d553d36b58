package dev.cirrus.server.grpc;

import static java.util.Objects.requireNonNull;

import dev.cirrus.server.metrics.Refusals;
import io.grpc.Status;
import io.grpc.StatusException;

/**
 * Counts the refusals of one gRPC door (cirrus.v1 or Momento's) in the server's {@link Refusals},
 * under the gRPC status the call is closed with. A call the client cancelled was not refused.
 */
record DoorRefusals(Refusals refusals, Refusals.Door door) {
  DoorRefusals {
    requireNonNull(refusals, "refusals");
    requireNonNull(door, "door");
  }

  /** Counts {@code failure}, answered with {@code answer}; returns {@code answer}. */
  StatusException count(Throwable failure, StatusException answer) {
    Status.Code code = answer.getStatus().getCode();
    if (code != Status.Code.CANCELLED) {
      refusals.failed(door, failure, code.name());
    }
    return answer;
  }

  /** Counts a refusal that no failure stands for (a malformed request, an unserved method). */
  StatusException count(Refusals.Reason reason, StatusException answer) {
    refusals.refused(door, answer.getStatus().getCode().name(), reason);
    return answer;
  }
}
