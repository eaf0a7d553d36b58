/**
 * The data-plane gRPC service: maps cirrus.v1 messages to store calls and results back, with the
 * caller's account from the auth context. No cache semantics live here; they are in the store.
 */
package dev.cirrus.server.data;
