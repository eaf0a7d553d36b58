package dev.cirrus.benchmarks.e2e;

import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A data set of an echo floor: each operation echoes the payload the cache operation would move
 * (a get or put one value, getAll or putAll one value per key).
 */
final class EchoDataset implements Target.Dataset {

  private final int valueSize;
  private final UnaryOperator<byte[]> echo;
  private final byte[] value;

  EchoDataset(int valueSize, UnaryOperator<byte[]> echo) {
    this.valueSize = valueSize;
    this.echo = echo;
    this.value = new byte[valueSize];
  }

  @Override
  public byte[] get(String key) {
    return echo.apply(value);
  }

  @Override
  public void put(String key, byte[] value) {
    echo.apply(value);
  }

  @Override
  public int getAll(Set<String> keys) {
    return echo.apply(new byte[keys.size() * valueSize]).length / valueSize;
  }

  @Override
  public void putAll(Map<String, byte[]> entries) {
    echo.apply(new byte[entries.size() * valueSize]);
  }
}
