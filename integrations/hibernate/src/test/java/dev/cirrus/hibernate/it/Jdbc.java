package dev.cirrus.hibernate.it;

/** Where a SessionFactory's connections go. */
record Jdbc(String url, String user, String password) {}
