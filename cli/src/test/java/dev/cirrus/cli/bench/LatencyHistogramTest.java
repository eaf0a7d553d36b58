package dev.cirrus.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentiles_belowOneMillisecond_areExact() {
    LatencyHistogram h = new LatencyHistogram();
    for (int micros = 1; micros <= 100; micros++) {
      h.recordNanos(micros * 1000L);
    }
    assertEquals(50, h.percentileMicros(50));
    assertEquals(99, h.percentileMicros(99));
    assertEquals(100, h.maxMicros());
    assertEquals(100, h.count());
  }

  @ParameterizedTest
  @ValueSource(longs = {1_024, 5_000, 123_456, 9_999_999, 3_600_000_000L})
  void percentile_ofLargeValues_isNeverBelow_andWithinTwoPercent(long micros) {
    LatencyHistogram h = new LatencyHistogram();
    h.recordNanos(micros * 1000);
    h.recordNanos((micros + 1) * 1000);
    long p50 = h.percentileMicros(50);
    assertTrue(p50 >= micros && p50 <= micros * 1.02, "p50 " + p50 + " for " + micros);
  }

  @Test
  void add_mergesCountsAndMax() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.recordNanos(10_000);
    b.recordNanos(2_000_000);
    a.add(b);
    assertEquals(2, a.count());
    assertEquals(2_000, a.maxMicros());
    assertEquals(10, a.percentileMicros(50));
  }

  @Test
  void empty_answersZero() {
    assertEquals(0, new LatencyHistogram().percentileMicros(99));
  }
}
