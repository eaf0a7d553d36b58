package dev.cirrus.server.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The revocation list of a data directory, {@value #NAME}: one revoked token id per line with the
 * time it was revoked ({@code ID INSTANT}); lines starting with {@code #} are comments. Lines are
 * only ever appended, each under a file lock, so two revocations at once never lose one, and a
 * reader never takes half a line for a whole one (a last line without its newline waits for the
 * next read).
 */
final class RevocationFile {
  static final String NAME = "revoked-tokens";
  /** The most bytes one line takes: an id of at most 128 characters, a space, an instant. */
  static final int MAX_LINE_BYTES = 200;
  private static final String HEADER = "# Cirrus revoked tokens: the token's id (its 'jti') and"
      + " when it was revoked, one per line.\n# Written by `token revoke ID`; a running server"
      + " rereads this file within seconds.\n";
  private static final Logger LOG = Logger.getLogger(RevocationFile.class.getName());

  /**
   * What the file holds, up to the limit it was read with.
   *
   * @param overLimit whether it holds more ids than that limit (then {@code entries} has the
   *     first ones, or none when the file is too large to read)
   */
  record Contents(List<Revocations.Revoked> entries, boolean overLimit) {}

  private RevocationFile() {}

  static Path in(Path dataDir) {
    return dataDir.resolve(NAME);
  }

  /** The ids in {@code file}, the first {@code max} of them; none when it does not exist. */
  static Contents read(Path file, int max) throws IOException {
    String text;
    try {
      if (Files.size(file) > (long) max * MAX_LINE_BYTES + HEADER.length()) {
        return new Contents(List.of(), true);
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new Contents(List.of(), false);
    }
    Map<String, Revocations.Revoked> entries = new LinkedHashMap<>();
    boolean overLimit = false;
    int lineNumber = 0;
    // Only whole lines: the last one may still be being written.
    for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Revocations.Revoked entry = parse(trimmed);
      if (entry == null) {
        int number = lineNumber;
        LOG.warning(() -> "event=revocation_line_skipped file=" + file + " line=" + number
            + " reason=\"not 'TOKEN_ID ISO-INSTANT'\"");
      } else if (!entries.containsKey(entry.tokenId())) {
        if (entries.size() == max) {
          overLimit = true;
          break;
        }
        entries.put(entry.tokenId(), entry);
      }
    }
    return new Contents(List.copyOf(entries.values()), overLimit);
  }

  /**
   * Appends {@code id} to the list of {@code dataDir}.
   *
   * @throws IllegalArgumentException when it is already revoked, or the list is full
   */
  static Revocations.Revoked append(Path dataDir, String id, Instant now, int max) throws IOException {
    Path file = in(dataDir);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      Contents current = read(file, max);
      for (Revocations.Revoked entry : current.entries()) {
        if (entry.tokenId().equals(id)) {
          throw new IllegalArgumentException("token " + id + " was already revoked at "
              + entry.revokedAt() + " (see `token revoked`)");
        }
      }
      if (current.overLimit() || current.entries().size() >= max) {
        throw new IllegalArgumentException("the revocation list " + file.toAbsolutePath()
            + " holds " + max + " token ids, its limit (--max-revoked-tokens); retire the signing"
            + " key instead (`keys rotate`, restart, `keys retire`: every token it signed is"
            + " refused) and remove the list, or raise --max-revoked-tokens for this command and"
            + " the server");
      }
      StringBuilder text = new StringBuilder();
      long size = channel.size();
      if (size == 0) {
        text.append(HEADER);
      } else if (!endsWithNewline(channel, size)) {
        text.append('\n'); // a hand-edited last line: keep ours on a line of its own
      }
      Revocations.Revoked entry = new Revocations.Revoked(id, now);
      text.append(id).append(' ').append(now).append('\n');
      ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      long position = size;
      while (bytes.hasRemaining()) {
        position += channel.write(bytes, position); // at the end: the lock keeps it there
      }
      channel.force(false);
      return entry;
    }
  }

  private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    channel.read(last, size - 1);
    return last.get(0) == '\n';
  }

  private static Revocations.Revoked parse(String line) {
    String[] parts = line.split("\\s+");
    if (parts.length != 2 || !Revocations.isTokenId(parts[0])) {
      return null;
    }
    try {
      return new Revocations.Revoked(parts[0], Instant.parse(parts[1]));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
