package dev.cirrus.hibernate.it;

/**
 * An attribute type of the application's own: Hibernate caches the enum constant itself, so a JVM
 * that never wrote one must still be allowed to decode it.
 */
public enum Condition { NEW, USED }
