package dev.cirrus.spring.boot;

import java.io.Serializable;

/** A class of the Boot application's own package, as its domain classes are. */
public record Shelf(String name, int books) implements Serializable {}
