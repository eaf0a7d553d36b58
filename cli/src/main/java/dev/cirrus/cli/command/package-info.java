/**
 * One class per command (or group of commands): parse-level arguments in, a call of the provider's
 * client, a result handed to {@link dev.cirrus.cli.output.Output}. No command prints a stack trace
 * or decides an exit code for a failure itself.
 */
package dev.cirrus.cli.command;
