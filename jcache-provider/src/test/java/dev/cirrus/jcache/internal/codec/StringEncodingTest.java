package dev.cirrus.jcache.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A String encodes as its tag then its UTF-8 bytes, whatever its length and characters, so that
 * every client of a cache finds an entry under the same key bytes; and decodes back equal.
 */
class StringEncodingTest {

  private final DefaultCodec codec = new DefaultCodec(StringEncodingTest.class.getClassLoader());

  @Test
  void stringsOfEverySizeAndKind_encodeAsTheirUtf8BytesBehindTheTag() {
    Random random = new Random(5);
    String[] alphabets = {"abcXYZ019-_:/", "aé€", "a\u007f\u0080", "a😀"};
    for (int length = 0; length <= 300; length++) {
      for (String alphabet : alphabets) {
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
          s.appendCodePoint(alphabet.codePointAt(
              alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0,
                  alphabet.length())))));
        }
        String value = s.toString();
        byte[] encoded = codec.encode(value);
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] expected = new byte[utf8.length + 1];
        expected[0] = codec.encode("")[0];
        System.arraycopy(utf8, 0, expected, 1, utf8.length);
        assertArrayEquals(expected, encoded, value);
        assertEquals(value, codec.decode(encoded));
        assertEquals(value, codec.decode(ByteString.copyFrom(encoded)));
      }
    }
  }

  @Test
  void aNonAsciiCharAtTheEndOfAShortString_isStillUtf8() {
    String value = "k".repeat(100) + "é";
    assertEquals(value, codec.decode(codec.encode(value)));
    assertEquals(value.getBytes(StandardCharsets.UTF_8).length + 1, codec.encode(value).length);
  }
}
