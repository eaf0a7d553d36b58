/**
 * The default codec ({@link dev.cirrus.jcache.internal.codec.DefaultCodec}: compact primitives,
 * Java serialization for the rest) and the allow-list it decodes through ({@link
 * dev.cirrus.jcache.internal.codec.DeserializationFilter}, {@code FrameworkClasses}).
 */
package dev.cirrus.jcache.internal.codec;
