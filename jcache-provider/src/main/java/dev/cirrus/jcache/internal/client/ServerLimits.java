package dev.cirrus.jcache.internal.client;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.DescribeServerResponse;
import dev.cirrus.proto.v1.Limits;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;

/**
 * The key and value limits the server announced in DescribeServer, checked before a write is
 * sent: a value the server would refuse fails here with the message the server would give
 * ("value of N bytes is over the limit of M bytes"), instead of crossing the wire first. On the
 * data path that matters beyond saving the bytes: a value over the server's frame limit would
 * otherwise end in a refused frame, not in the value's own error. Until the server has been asked
 * (or when it announces no limit), nothing is checked here and the server's own checks decide.
 *
 * <p>Thread-safe: the limits are replaced as a whole.
 */
final class ServerLimits {

  private volatile Limits limits = Limits.getDefaultInstance();

  /** Keeps what the server said; a restarted server may say something else. */
  void learn(DescribeServerResponse server) {
    limits = server.getLimits();
  }

  /** @throws StatusRuntimeException INVALID_ARGUMENT naming the size and the limit */
  void check(EntryWrite write) {
    key(write.key());
    value("value", write.value());
    if (write.expectedValue() != null) {
      value("expected value", write.expectedValue());
    }
  }

  void check(List<EntryWrite> writes) {
    for (EntryWrite write : writes) {
      check(write);
    }
  }

  /** The entries of a batch of plain writes, {@code keys.get(i)} holding {@code values.get(i)}. */
  void check(List<ByteString> keys, List<ByteString> values) {
    for (int i = 0; i < keys.size(); i++) {
      key(keys.get(i));
      value("value", values.get(i));
    }
  }

  void key(ByteString key) {
    int limit = limits.getMaxKeyBytes();
    if (limit > 0 && key.size() > limit) {
      throw tooLarge("key", key.size(), limit, "use shorter keys or raise the server's"
          + " --max-key-bytes");
    }
  }

  private void value(String what, ByteString value) {
    int limit = limits.getMaxValueBytes();
    if (limit > 0 && value.size() > limit) {
      throw tooLarge(what, value.size(), limit, "store smaller values or raise the server's"
          + " --max-value-bytes");
    }
  }

  private static StatusRuntimeException tooLarge(String what, int actual, int limit, String fix) {
    return Status.INVALID_ARGUMENT.withDescription(what + " of " + actual + " bytes is over the"
        + " limit of " + limit + " bytes; " + fix).asRuntimeException();
  }
}
