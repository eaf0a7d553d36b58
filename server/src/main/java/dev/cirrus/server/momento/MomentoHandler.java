package dev.cirrus.server.momento;

import com.google.protobuf.Message;
import java.util.List;

/**
 * One served Momento method, whatever door the call came through: the call (caller and cache)
 * and the request in, the responses out (exactly one for a unary method, one per item for
 * GetBatch and SetBatch), a {@link dev.cirrus.server.error.CirrusException} thrown for a refusal.
 * Runs on the calling thread and never blocks on I/O.
 */
@FunctionalInterface
public interface MomentoHandler {
  List<? extends Message> handle(MomentoCall call, Message request);
}
