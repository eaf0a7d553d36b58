/**
 * The server's limits and their enforcement: {@link dev.cirrus.server.limits.Limits} holds the
 * numbers, {@link dev.cirrus.server.limits.LimitedCacheStore} checks every request against them
 * before the store sees it, refusing with the {@code Limit} exceeded (or the invalid part), the facts (limit,
 * actual) and a message that names the fix.
 */
package dev.cirrus.server.limits;
