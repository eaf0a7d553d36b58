/**
 * How keys and values become bytes on the wire. JCache caches store by value, so every value a
 * caller gets back was decoded from bytes: callers never share an instance with the cache. Equal
 * keys must encode to equal bytes, because the server compares keys byte for byte.
 */
package dev.cirrus.jcache.codec;
