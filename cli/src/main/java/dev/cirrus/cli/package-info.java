/**
 * The {@code cirrus} command line: {@link dev.cirrus.cli.Main} builds the picocli command tree
 * rooted at {@link dev.cirrus.cli.CirrusCommand}, runs one command and turns its outcome into an
 * exit code (see {@link dev.cirrus.cli.connect.ExitCode}).
 */
package dev.cirrus.cli;
