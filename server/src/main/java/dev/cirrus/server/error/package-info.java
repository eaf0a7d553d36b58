/**
 * Domain errors: every refusal is a {@link dev.cirrus.server.error.CirrusException} carrying an
 * {@link dev.cirrus.server.error.ErrorCode} (with a finer {@link
 * dev.cirrus.server.error.ErrorCause} or the {@link dev.cirrus.server.error.Limit} exceeded), a
 * safe actionable message and facts. No protocol here: each front door maps these once (cirrus.v1:
 * {@code dev.cirrus.server.v1.V1Errors}). {@link dev.cirrus.server.error.SafeText} quotes client
 * text safely in messages.
 */
package dev.cirrus.server.error;
