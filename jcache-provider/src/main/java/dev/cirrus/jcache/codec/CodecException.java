package dev.cirrus.jcache.codec;

import javax.cache.CacheException;

/** A key or value that could not be encoded or decoded. */
public class CodecException extends CacheException {
  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
