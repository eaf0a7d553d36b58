/**
 * Testing applications with Cirrus: {@link dev.cirrus.junit.CirrusExtension} runs a Cirrus server
 * in the test's JVM and hands each test a {@code javax.cache.CacheManager} and a {@link
 * dev.cirrus.junit.CirrusAccount} of its own.
 */
package dev.cirrus.junit;
