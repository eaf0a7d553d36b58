/**
 * The command line: {@code serve} (the default) starts a server from flags and environment
 * variables, {@code token} prints a token signed with a data directory's current key, {@code keys}
 * rotates, retires and lists the signing keys. Every flag has an environment variable; a flag wins
 * over its variable. Bad input exits with code 2 and a message naming the flag and what it accepts.
 */
package dev.cirrus.server.cli;
