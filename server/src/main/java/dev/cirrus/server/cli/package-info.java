/**
 * The command line: {@code serve} (the default) starts a server from flags and environment
 * variables, {@code token} prints a token signed with a data directory's current key, {@code keys}
 * rotates, retires and lists the signing keys. Each flag is one {@link dev.cirrus.server.cli.Flag}
 * (name, environment variable, default, help, parser); picocli splits the words into commands,
 * flags and values ({@code --flag VALUE} or {@code --flag=VALUE}). A flag wins over its variable.
 * Bad input exits with code 2 and a message naming the flag or variable and what it accepts.
 */
package dev.cirrus.server.cli;
