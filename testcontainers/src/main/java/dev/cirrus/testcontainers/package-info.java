/**
 * {@link dev.cirrus.testcontainers.CirrusContainer}: the Cirrus server image (built by the
 * server's {@code -Pimage} Jib profile) in a Testcontainers test, handing the test a CacheManager
 * URI and tokens.
 */
package dev.cirrus.testcontainers;
