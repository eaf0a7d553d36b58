package dev.cirrus.jcache.internal.codec;

import dev.cirrus.jcache.codec.CodecException;

/**
 * A stored value the default codec could not decode: its class was refused by the filter, is
 * missing or changed incompatibly, or its bytes are corrupt. Carries what a reader logs once:
 * which class, or which kind of damage.
 */
public final class UndecodableValueException extends CodecException {
  private static final long serialVersionUID = 1L;

  private final String what;

  /** @param what the class of the value, or a short description of the damage ("corrupt bytes") */
  UndecodableValueException(String what, String message, Throwable cause) {
    super(message, cause);
    this.what = what;
  }

  /** The class of the value, or a short description of the damage. */
  public String what() {
    return what;
  }
}
