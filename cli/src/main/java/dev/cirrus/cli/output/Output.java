package dev.cirrus.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;

/**
 * Where results and notes go. A result is printed either as its human text or as one line of JSON
 * on standard output; notes (progress, what a miss means) go to standard error, so that standard
 * output of a JSON run is nothing but JSON documents.
 */
public final class Output {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Format format;
  private final PrintWriter out;
  private final PrintWriter err;

  public Output(Format format, PrintWriter out, PrintWriter err) {
    this.format = Objects.requireNonNull(format, "format");
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
  }

  public boolean json() {
    return format == Format.JSON;
  }

  /** Prints a result: {@code document} as JSON, or {@code human} as it is (nothing when null). */
  public void result(Map<String, ?> document, String human) {
    if (json()) {
      out.println(toJson(document));
    } else if (human != null) {
      out.println(human);
    }
    out.flush();
  }

  /** A note for the person at the terminal, on standard error (standard output stays results). */
  public void note(String text) {
    err.println(text);
    err.flush();
  }

  /** Standard error, for a progress line that rewrites itself. */
  public PrintWriter err() {
    return err;
  }

  public static String toJson(Object document) {
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings, numbers and lists always serialize", e);
    }
  }
}
