/**
 * The control-plane gRPC service: maps cirrus.v1 cache management calls (create, list, describe,
 * flush, delete, describe-server) to the store, scoped to the caller's account.
 */
package dev.cirrus.server.control;
