package dev.cirrus.jcache.internal.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How batch calls are cut: by count and by bytes, never an empty chunk, nothing lost. */
class BatchesTest {

  @Test
  void chunks_holdAtMostTheSize_andTheBytes_inOrder() {
    Random random = new Random(3);
    for (int round = 0; round < 500; round++) {
      int count = random.nextInt(400);
      int size = 1 + random.nextInt(150);
      long max = 1 + random.nextInt(20_000);
      long[] bytes = new long[count];
      List<Integer> items = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        bytes[i] = random.nextInt(5) == 0 ? random.nextInt(30_000) : random.nextInt(300);
        items.add(i);
      }
      int[] ends = Batches.ends(count, size, i -> bytes[i], max);
      List<List<Integer>> chunks = Batches.chunks(items, size, i -> bytes[i], max);
      assertEquals(ends.length, chunks.size());
      int from = 0;
      for (int c = 0; c < ends.length; c++) {
        int end = ends[c];
        assertTrue(end > from, "no empty chunk");
        assertTrue(end - from <= size);
        long total = 0;
        for (int i = from; i < end; i++) {
          total += bytes[i] + Batches.ITEM_OVERHEAD;
        }
        assertTrue(end - from == 1 || total <= max, "only a lone item may exceed the bytes");
        if (end < count) {
          assertTrue(end - from == size || total + bytes[end] + Batches.ITEM_OVERHEAD > max,
              "a chunk ends only when full");
        }
        assertEquals(items.subList(from, end), chunks.get(c));
        from = end;
      }
      assertEquals(count, from);
    }
  }

  @Test
  void noItems_noChunks() {
    assertArrayEquals(new int[0], Batches.ends(0, 10, i -> 1, 100));
    assertEquals(List.of(), Batches.chunks(List.of(), 10));
  }
}
