/**
 * What the commands print: human-readable text by default, one JSON document per result with
 * {@code --output json}; and how stored bytes (written by the provider's codec) are shown.
 */
package dev.cirrus.cli.output;
