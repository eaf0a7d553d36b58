package dev.cirrus.server.auth;

import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The signing-key files of a data directory:
 *
 * <ul>
 *   <li>{@code keys/kN.key}: id, creation time and the base64 secret, readable by the owner only;
 *   <li>{@code keys/kN.retired}: id, creation and retirement time of a retired key (its secret is
 *       deleted, so nothing it signed can be verified again);
 *   <li>{@code signing-key}: the single base64 key of earlier versions, key {@code k0}, created at
 *       the file's modification time.
 * </ul>
 *
 * <p>New files appear atomically (written aside, then hard-linked into place, which fails when the
 * name is taken), so two processes rotating at once cannot overwrite each other's key.
 */
final class KeyFiles {
  static final String LEGACY_FILE = "signing-key";
  static final String LEGACY_ID = "k0";
  static final String DIRECTORY = "keys";
  private static final String KEY_SUFFIX = ".key";
  private static final String RETIRED_SUFFIX = ".retired";
  private static final Pattern ID = Pattern.compile("k(0|[1-9][0-9]{0,8})");
  private static final int KEY_BYTES = 32;
  private static final Logger LOG = Logger.getLogger(KeyFiles.class.getName());

  /** What a data directory holds. */
  record Contents(List<SigningKey> active, List<RetiredKey> retired) {}

  private KeyFiles() {}

  static boolean isKeyId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  static int number(String id) {
    return Integer.parseInt(id.substring(1));
  }

  static Comparator<String> byNumber() {
    return Comparator.comparingInt(KeyFiles::number);
  }

  /** Every key in {@code dataDir}, active ones and retired ones, each sorted by number. */
  static Contents read(Path dataDir) throws IOException {
    Map<String, SigningKey> active = new HashMap<>();
    Map<String, RetiredKey> retired = new HashMap<>();
    Path legacy = dataDir.resolve(LEGACY_FILE);
    if (Files.isRegularFile(legacy)) {
      Instant created = Files.getLastModifiedTime(legacy).toInstant();
      active.put(LEGACY_ID, new SigningKey(LEGACY_ID, created,
          secret(legacy, Files.readString(legacy, StandardCharsets.US_ASCII))));
    }
    Path dir = dataDir.resolve(DIRECTORY);
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path file : files) {
          String name = file.getFileName().toString();
          if (name.endsWith(KEY_SUFFIX) && isKeyId(stem(name, KEY_SUFFIX))) {
            SigningKey key = readKey(file, stem(name, KEY_SUFFIX));
            active.put(key.id(), key);
          } else if (name.endsWith(RETIRED_SUFFIX) && isKeyId(stem(name, RETIRED_SUFFIX))) {
            RetiredKey key = readRetired(file, stem(name, RETIRED_SUFFIX));
            retired.put(key.id(), key);
          }
        }
      }
    }
    // A retirement interrupted between writing the record and deleting the secret still counts.
    active.keySet().removeAll(retired.keySet());
    List<SigningKey> keys = new ArrayList<>(active.values());
    keys.sort(Comparator.comparing(SigningKey::id, byNumber()));
    List<RetiredKey> gone = new ArrayList<>(retired.values());
    gone.sort(Comparator.comparing(RetiredKey::id, byNumber()));
    return new Contents(List.copyOf(keys), List.copyOf(gone));
  }

  /**
   * Creates key {@code id} with a fresh random secret.
   *
   * @throws FileAlreadyExistsException when another process created that id first
   */
  static SigningKey create(Path dataDir, String id, Instant now) throws IOException {
    byte[] secret = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(secret);
    Properties record = new Properties();
    record.setProperty("id", id);
    record.setProperty("created", now.toString());
    record.setProperty("secret", Base64.getEncoder().encodeToString(secret));
    Path dir = directory(dataDir);
    if (Files.exists(dir.resolve(id + RETIRED_SUFFIX))) {
      throw new FileAlreadyExistsException(dir.resolve(id + RETIRED_SUFFIX).toString());
    }
    writeNew(dir, dir.resolve(id + KEY_SUFFIX),
        "Cirrus token signing key " + id + ": keep it secret", record);
    return new SigningKey(id, now, Keys.hmacShaKeyFor(secret));
  }

  /** Records {@code key} as retired, then deletes its secret. */
  static RetiredKey retire(Path dataDir, SigningKey key, Instant now) throws IOException {
    Properties record = new Properties();
    record.setProperty("id", key.id());
    record.setProperty("created", key.createdAt().toString());
    record.setProperty("retired", now.toString());
    Path dir = directory(dataDir);
    Path target = dir.resolve(key.id() + RETIRED_SUFFIX);
    Path temp = createPrivateTempFile(dir);
    try {
      write(temp, "Retired Cirrus signing key " + key.id() + " (its secret is deleted)", record);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    Path secret = key.id().equals(LEGACY_ID)
        ? dataDir.resolve(LEGACY_FILE)
        : dir.resolve(key.id() + KEY_SUFFIX);
    Files.deleteIfExists(secret);
    return new RetiredKey(key.id(), key.createdAt(), now);
  }

  private static SigningKey readKey(Path file, String id) throws IOException {
    Properties record = load(file);
    checkId(file, id, record);
    return new SigningKey(id, instant(file, record, "created"),
        secret(file, required(file, record, "secret")));
  }

  private static RetiredKey readRetired(Path file, String id) throws IOException {
    Properties record = load(file);
    checkId(file, id, record);
    return new RetiredKey(id, instant(file, record, "created"), instant(file, record, "retired"));
  }

  private static javax.crypto.SecretKey secret(Path file, String base64) throws IOException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IOException("signing key " + file.toAbsolutePath() + " is not base64; restore it"
          + " from a backup, or retire it with `keys retire` (tokens it signed stop working)", e);
    }
    if (bytes.length < KEY_BYTES) {
      throw new IOException("signing key " + file.toAbsolutePath() + " is shorter than "
          + KEY_BYTES + " bytes; restore it from a backup, or retire it with `keys retire`");
    }
    return Keys.hmacShaKeyFor(bytes);
  }

  private static Properties load(Path file) throws IOException {
    Properties record = new Properties();
    try (Reader in = new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1))) {
      record.load(in);
    }
    return record;
  }

  private static void checkId(Path file, String id, Properties record) throws IOException {
    if (!id.equals(record.getProperty("id"))) {
      throw new IOException("key file " + file.toAbsolutePath() + " names key '"
          + record.getProperty("id") + "', not " + id + "; restore the file from a backup");
    }
  }

  private static String required(Path file, Properties record, String name) throws IOException {
    String value = record.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IOException("key file " + file.toAbsolutePath() + " has no '" + name
          + "'; restore it from a backup");
    }
    return value;
  }

  private static Instant instant(Path file, Properties record, String name) throws IOException {
    String value = required(file, record, name);
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IOException("key file " + file.toAbsolutePath() + ": '" + name + "' is not an"
          + " ISO-8601 instant", e);
    }
  }

  private static String stem(String fileName, String suffix) {
    return fileName.substring(0, fileName.length() - suffix.length());
  }

  private static Path directory(Path dataDir) throws IOException {
    Path dir = dataDir.resolve(DIRECTORY);
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dataDir);
      try {
        if (posix(dataDir)) {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectory(dir);
        }
      } catch (FileAlreadyExistsException e) {
        // Created by a concurrent rotation: fine.
      }
    }
    return dir;
  }

  private static void writeNew(Path dir, Path target, String comment, Properties record)
      throws IOException {
    Path temp = createPrivateTempFile(dir);
    try {
      write(temp, comment, record);
      try {
        // A hard link fails when the name exists: the atomic "create if absent" a rename lacks.
        Files.createLink(target, temp);
      } catch (UnsupportedOperationException e) {
        Files.move(temp, target);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void write(Path file, String comment, Properties record) throws IOException {
    try (var out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
      record.store(out, comment);
    }
  }

  private static boolean posix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static Path createPrivateTempFile(Path dir) throws IOException {
    if (posix(dir)) {
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(ownerOnly);
      return Files.createTempFile(dir, ".key", ".tmp", attribute);
    }
    Path temp = Files.createTempFile(dir, ".key", ".tmp");
    java.io.File asFile = temp.toFile();
    // Best effort where POSIX permissions do not exist (Windows): owner-only read/write.
    boolean restricted = asFile.setReadable(false, false) && asFile.setReadable(true, true)
        && asFile.setWritable(false, false) && asFile.setWritable(true, true);
    if (!restricted) {
      LOG.warning("event=signing_key_permissions_not_restricted file=" + temp);
    }
    return temp;
  }
}
