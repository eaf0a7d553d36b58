/**
 * The change feed: one {@link dev.cirrus.server.feed.ChangeTopic} per cache and one
 * {@link dev.cirrus.server.feed.Subscription} per open change stream.
 *
 * <p>Ordering: the store publishes while it applies a change (inside the per-key atomic step), into
 * each subscriber's FIFO queue, so every subscriber sees the changes of one key in the order they
 * were applied. Writers never wait for subscribers: each queue is bounded (in events and in bytes,
 * and holds values only for subscribers that asked for them), and a subscriber that falls that far
 * behind is ended with RESOURCE_EXHAUSTED. Queues are drained on the feed's executor, only while the
 * transport is ready to take more. {@link dev.cirrus.server.feed.StreamQuota} bounds how many
 * streams an account and a connection may have open.
 */
package dev.cirrus.server.feed;
