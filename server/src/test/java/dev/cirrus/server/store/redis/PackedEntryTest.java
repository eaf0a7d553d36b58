package dev.cirrus.server.store.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.server.error.CirrusException;
import org.junit.jupiter.api.Test;

/** The stored form of an entry as prelude.lua's pack writes it, read back. */
class PackedEntryTest {
  @Test
  void anEntryWithoutExpiry_readsVersionAndValue() {
    PackedEntry entry = PackedEntry.read("4503599627370495::value".getBytes(UTF_8));
    assertEquals(4503599627370495L, entry.version());
    assertEquals(0, entry.expiresAt());
    assertEquals(ByteString.copyFromUtf8("value"), entry.value());
    assertFalse(entry.expiredAt(Long.MAX_VALUE));
    assertEquals(0, entry.remainingAt(123));
  }

  @Test
  void theValueKeepsItsOwnColons_andMayBeEmpty() {
    PackedEntry entry = PackedEntry.read("7:1700000000123:a:b::c".getBytes(UTF_8));
    assertEquals(7, entry.version());
    assertEquals(1700000000123L, entry.expiresAt());
    assertEquals(ByteString.copyFromUtf8("a:b::c"), entry.value());
    assertEquals(ByteString.EMPTY, PackedEntry.read("7::".getBytes(UTF_8)).value());
  }

  @Test
  void expiry_isDueAtItsTime_andLeavesAtLeastOneMilli() {
    PackedEntry entry = PackedEntry.read("1:1000:v".getBytes(UTF_8));
    assertFalse(entry.expiredAt(999));
    assertTrue(entry.expiredAt(1000));
    assertEquals(1, entry.remainingAt(999));
    assertEquals(400, entry.remainingAt(600));
  }

  @Test
  void bytesOfAnotherForm_areRefusedNamingTheFix() {
    for (String odd : new String[] {"", "value", ":1:v", "12:x:v", "12:34", "-1::v"}) {
      CirrusException refused = assertThrows(CirrusException.class,
          () -> PackedEntry.read(odd.getBytes(UTF_8)), odd);
      assertTrue(refused.getMessage().contains("flush"), refused.getMessage());
    }
  }
}
