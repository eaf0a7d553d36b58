package dev.cirrus.server.store;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Sweep marks of one cache, ordered by time, so the sweeper finds due entries without scanning the
 * whole cache. A mark is a hint, not the truth: the sweeper re-checks the entry inside its atomic
 * step, so a mark whose entry's expiry moved later costs one look-up. An entry has at most one
 * mark (its {@code markedAt}), and the mark leaves with the entry (removal, eviction), so the
 * marks never outgrow the entries the memory budget bounds. Lock-free: writers add and remove,
 * the single sweeper thread polls.
 */
final class ExpiryIndex {
  record Mark(long at, ByteString key) {}

  private static final Comparator<ByteString> BYTES = ByteString.unsignedLexicographicalComparator();
  private static final Comparator<Mark> ORDER =
      Comparator.comparingLong(Mark::at).thenComparing(Mark::key, BYTES);

  private final ConcurrentSkipListSet<Mark> marks = new ConcurrentSkipListSet<>(ORDER);

  void add(ByteString key, long at) {
    marks.add(new Mark(at, key));
  }

  void remove(ByteString key, long at) {
    marks.remove(new Mark(at, key));
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
