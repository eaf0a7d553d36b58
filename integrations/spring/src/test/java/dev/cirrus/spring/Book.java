package dev.cirrus.spring;

import java.io.Serializable;

/** What the cached methods return: a value that crosses the wire by Java serialization. */
public record Book(String isbn, String title) implements Serializable {}
