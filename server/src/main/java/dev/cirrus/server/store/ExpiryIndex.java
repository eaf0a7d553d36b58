package dev.cirrus.server.store;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sweep marks of one cache, ordered by time, so the sweeper finds due entries without scanning the
 * whole cache. A mark is a hint, not the truth: the sweeper re-checks the entry inside its atomic
 * step, so stale marks (TTL changed, entry removed) cost one look-up and nothing else. Lock-free:
 * writers add, the single sweeper thread polls.
 */
final class ExpiryIndex {
  record Mark(long at, long seq, ByteString key) {}

  private static final Comparator<Mark> ORDER =
      Comparator.comparingLong(Mark::at).thenComparingLong(Mark::seq);

  private final ConcurrentSkipListSet<Mark> marks = new ConcurrentSkipListSet<>(ORDER);
  private final AtomicLong sequence = new AtomicLong();

  void add(ByteString key, long at) {
    marks.add(new Mark(at, sequence.incrementAndGet(), key));
  }

  /** Removes and returns up to {@code max} marks due at {@code now}. */
  List<Mark> pollDue(long now, int max) {
    List<Mark> due = new ArrayList<>();
    while (due.size() < max) {
      Mark first = marks.pollFirst();
      if (first == null) {
        break;
      }
      if (first.at() > now) {
        marks.add(first);
        break;
      }
      due.add(first);
    }
    return due;
  }

  int size() {
    return marks.size();
  }
}
