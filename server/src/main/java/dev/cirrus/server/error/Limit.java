package dev.cirrus.server.error;

/** Which of the server's limits a request or an account ran into ({@link ErrorCode#LIMIT_EXCEEDED}). */
public enum Limit {
  /** Bytes of one key. */
  KEY_SIZE,
  /** Bytes of one value. */
  VALUE_SIZE,
  /** Bytes of a cache's client configuration. */
  CONFIG_SIZE,
  /** Items in one batch call. */
  BATCH_SIZE,
  /** Bytes of one answer (a batch's results). */
  RESPONSE_SIZE,
  /** The longest TTL (or a negative one). */
  TTL_RANGE,
  /** Caches one account may have. */
  CACHES_PER_ACCOUNT,
  /** Events (or bytes of them) a change stream's subscriber may fall behind. */
  SUBSCRIBER_QUEUE,
  /** Change streams one account may have open. */
  STREAMS_PER_ACCOUNT,
  /** Change streams one connection may have open. */
  STREAMS_PER_CONNECTION,
  /** Requests one account may make per second. */
  REQUEST_RATE,
  /**
   * Heavy calls one account may have waiting for a worker, or accounts the server keeps waiting
   * at once.
   */
  QUEUED_CALLS
}
