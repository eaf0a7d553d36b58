/**
 * From the command line to a server: where the endpoint and token come from (flags, environment,
 * the token itself, as the provider finds them), the provider's client opened with them, and the
 * one place where a failure becomes a message and an exit code.
 */
package dev.cirrus.cli.connect;
