/**
 * JCache expiry policies turned into the TTLs the server applies. Policies from
 * {@code javax.cache.expiry} are pure, so their durations are sent with the write in one call; a
 * custom policy is asked only once the outcome of a write or read is known (the spec counts the
 * calls), and a different answer than the default is applied with a follow-up Touch.
 */
package dev.cirrus.jcache.internal.expiry;
