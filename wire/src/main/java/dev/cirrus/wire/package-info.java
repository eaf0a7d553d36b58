/**
 * The wire contract both sides of cirrus.v1 share beyond the generated messages: {@link
 * dev.cirrus.wire.V1Method}, the one table of methods, and {@link dev.cirrus.wire.Frames}, the
 * binary data path's frame codec.
 */
package dev.cirrus.wire;
