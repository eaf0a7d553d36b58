package dev.cirrus.server.v1;

import com.google.protobuf.Message;
import dev.cirrus.server.auth.Caller;

/**
 * One unary cirrus.v1 method, whatever door the call came through: the authenticated caller and
 * the request message in, the response message out, a {@link dev.cirrus.server.error.CirrusException}
 * thrown for a refusal. Runs on the calling thread and never blocks on I/O.
 */
@FunctionalInterface
public interface V1Handler<Q extends Message, R extends Message> {
  R handle(Caller caller, Q request);
}
