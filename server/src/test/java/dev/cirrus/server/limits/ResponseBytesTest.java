package dev.cirrus.server.limits;

import static dev.cirrus.server.testing.CirrusServerExtension.assertRefused;
import static dev.cirrus.server.testing.CirrusServerExtension.bytes;
import static dev.cirrus.server.testing.Requests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cirrus.proto.v1.ErrorDetail;
import dev.cirrus.proto.v1.ErrorReason;
import dev.cirrus.proto.v1.GetBatchRequest;
import dev.cirrus.proto.v1.ScanRequest;
import dev.cirrus.proto.v1.ScanResponse;
import dev.cirrus.proto.v1.SetBatchRequest;
import dev.cirrus.proto.v1.SetRequest;
import dev.cirrus.server.testing.CirrusServerExtension;
import dev.cirrus.server.testing.Requests;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Answers are bounded in bytes, not only in items: {@code --max-response-bytes}. */
class ResponseBytesTest {
  private static final int MIB = 1 << 20;
  private static final int LIMIT = 4 * MIB;

  @RegisterExtension static final CirrusServerExtension defaults = new CirrusServerExtension();

  @RegisterExtension
  static final CirrusServerExtension small =
      CirrusServerExtension.withLimits(Limits.builder().maxResponseBytes(LIMIT).build());

  private static ByteString mebibyte(char fill) {
    return ByteString.copyFromUtf8(String.valueOf(fill).repeat(MIB - 1));
  }

  private static GetBatchRequest sameKey(String cache, String key, int times) {
    return GetBatchRequest.newBuilder().setCache(cache)
        .addAllKeys(Collections.nCopies(times, bytes(key))).build();
  }

  @Test
  void getBatch_ofOneLargeKeyRepeated_refusedNamingTheLimit_withDefaults() {
    String cache = defaults.newCache();
    Requests.set(defaults.data(), cache, write("big", "").setValue(mebibyte('x')));

    // A thousand copies of a 1 MiB value would be a 1 GiB answer.
    ErrorDetail detail = assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.BATCH_TOO_LARGE,
        () -> defaults.data().getBatch(sameKey(cache, "big", 1000)));
    assertEquals(Integer.toString(64 * MIB), detail.getFactsMap().get("limit"));
    assertTrue(Long.parseLong(detail.getFactsMap().get("actual")) > 1000L * (MIB - 1));
    assertTrue(detail.getMessage().contains("--max-response-bytes"), detail.getMessage());
    assertTrue(detail.getMessage().contains("ask for fewer keys"), detail.getMessage());

    // The server is fine and serves the same key in a batch that fits.
    assertEquals(3, defaults.data().getBatch(sameKey(cache, "big", 3)).getResultsCount());
  }

  @Test
  void getBatch_justOverTheLimit_refused_justUnder_served() {
    String cache = small.newCache();
    Requests.set(small.data(), cache, write("big", "").setValue(mebibyte('y')));

    assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.BATCH_TOO_LARGE,
        () -> small.data().getBatch(sameKey(cache, "big", 4)));
    var served = small.data().getBatch(sameKey(cache, "big", 3)).getResultsList();
    assertEquals(3, served.size());
    assertEquals(mebibyte('y'), served.get(2).getValue());
  }

  @Test
  void setBatch_returningPreviousValuesOverTheLimit_refusedSayingTheWritesWereApplied() {
    String cache = small.newCache();
    SetBatchRequest.Builder batch = SetBatchRequest.newBuilder().setCache(cache);
    for (int i = 0; i < 5; i++) {
      Requests.set(small.data(), cache, write("big" + i, "").setValue(mebibyte('z')));
      batch.addWrites(write("big" + i, "v" + i).setReturnPrevious(true));
    }

    ErrorDetail detail = assertRefused(Status.Code.INVALID_ARGUMENT, ErrorReason.BATCH_TOO_LARGE,
        () -> small.data().setBatch(batch.build()));
    assertTrue(detail.getMessage().contains("the writes were applied"), detail.getMessage());
    assertEquals(bytes("v4"), Requests.get(small.data(), cache, "big4").getValue());
  }

  @Test
  void scanWithValues_pagesEndEarlyByBytes_everyKeyOnce() {
    String cache = small.newCache();
    for (int i = 0; i < 10; i++) {
      small.data().set(SetRequest.newBuilder().setCache(cache)
          .setWrite(write("k" + i, "").setValue(mebibyte((char) ('a' + i)))).build());
    }

    List<String> seen = new ArrayList<>();
    ByteString cursor = ByteString.EMPTY;
    int pages = 0;
    do {
      ScanResponse page = small.data().scan(ScanRequest.newBuilder().setCache(cache)
          .setCursor(cursor).setLimit(100).setIncludeValues(true).build());
      assertTrue(page.getSerializedSize() <= LIMIT, "page of " + page.getSerializedSize() + " bytes");
      assertFalse(page.getEntriesList().isEmpty());
      page.getEntriesList().forEach(e -> seen.add(e.getKey().toStringUtf8()));
      cursor = page.getNextCursor();
      pages++;
    } while (!cursor.isEmpty());

    seen.sort(null); // the order of a scan is the store's (over Redis: bucket by bucket)
    assertEquals(List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"), seen);
    assertEquals(4, pages, "3 entries of 1 MiB fit in 4 MiB");
  }

  @Test
  void scanOfKeysOnly_isNotCutByValueBytes() {
    String cache = small.newCache();
    for (int i = 0; i < 10; i++) {
      small.data().set(SetRequest.newBuilder().setCache(cache)
          .setWrite(write("k" + i, "").setValue(mebibyte('q'))).build());
    }
    ScanResponse page = small.data().scan(
        ScanRequest.newBuilder().setCache(cache).setLimit(100).build());
    assertEquals(10, page.getEntriesCount());
    assertTrue(page.getNextCursor().isEmpty());
  }
}
