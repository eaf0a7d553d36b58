/**
 * Momento's protocol over the core, so that Momento's own SDKs and its HTTP API work against
 * Cirrus: {@link dev.cirrus.server.momento.MomentoMethod} (the served methods, the permission each
 * needs), {@link dev.cirrus.server.momento.MomentoHandlers} (one transport-neutral handler per
 * method: {@code (MomentoCall, request message) -> response messages}), {@link
 * dev.cirrus.server.momento.ScalarCache} (Momento's scalar operations as store calls: conditions
 * and increments committed by compare-and-set on the entry's version), {@link
 * dev.cirrus.server.momento.MomentoAccess} (token and cache as Momento's clients send them) and
 * {@link dev.cirrus.server.momento.MomentoErrors}, the one mapping of domain errors to the status
 * codes Momento's SDKs turn into their typed errors. No gRPC here: the gRPC door binds these handlers to the services.
 */
package dev.cirrus.server.momento;
