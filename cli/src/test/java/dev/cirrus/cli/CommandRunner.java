package dev.cirrus.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The main class of a {@link CliSession}'s child JVM: runs the CLI's {@link Main#run} once per
 * line of standard input (the arguments, each Base64) and answers one line per command: its exit
 * code, standard output and standard error (Base64). One JVM start then serves many commands.
 */
public final class CommandRunner {
  private CommandRunner() {}

  public static void main(String[] ignored) throws IOException {
    PrintStream reply = System.out;
    PrintStream stderr = System.err;
    Base64.Decoder decoder = Base64.getDecoder();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] args = Arrays.stream(line.split(" "))
          .map(arg -> new String(decoder.decode(arg), StandardCharsets.UTF_8))
          .toArray(String[]::new);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      // Each run builds a new picocli CommandLine, whose writers wrap System.out and System.err
      // as they are when it first prints.
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        code = Main.run(args);
      } finally {
        System.out.flush();
        System.err.flush();
        System.setOut(reply);
        System.setErr(stderr);
      }
      reply.println(code + " " + encode(out) + " " + encode(err));
      reply.flush();
    }
  }

  private static String encode(ByteArrayOutputStream bytes) {
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
