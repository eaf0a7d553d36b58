/**
 * The wire side of the provider, and the only package that speaks cirrus.v1. {@link
 * dev.cirrus.jcache.internal.client.CirrusClient} offers the server's calls in this package's records (reads
 * answer {@code ReadOutcome}, writes take an {@code EntryWrite} and answer a {@code WriteOutcome},
 * removals an {@code EntryRemoval} and a {@code RemovalOutcome}, scans a {@code ScanPage}, change
 * streams deliver {@code CacheChange}s, TTLs are {@code Ttl}s); {@code V1Messages} converts them
 * to and from the messages, once each way. Behind it: the gRPC channels of a CacheManager, the
 * bearer token and client id on every call, a deadline on every call, retries for the calls {@code
 * dev.cirrus.wire.V1Method} marks idempotent, the binary data path for data calls when the server
 * offers one ({@link dev.cirrus.jcache.internal.client.DataPaths}, frames from {@code dev.cirrus.wire.Frames}),
 * and the single place where failures of either transport become {@link
 * javax.cache.CacheException}s.
 */
package dev.cirrus.jcache.internal.client;
