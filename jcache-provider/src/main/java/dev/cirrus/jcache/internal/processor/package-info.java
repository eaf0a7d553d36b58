/**
 * Entry processors run in the client: the entry is read with its version, the processor works on a
 * {@link dev.cirrus.jcache.internal.processor.ProcessorEntry}, and the cache commits what it did with a
 * compare-and-set on that version, running the processor again if another client wrote first. No
 * user code runs on the server and no lock is held while the processor runs.
 */
package dev.cirrus.jcache.internal.processor;
