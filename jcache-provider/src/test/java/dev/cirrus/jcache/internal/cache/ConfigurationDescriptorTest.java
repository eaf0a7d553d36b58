package dev.cirrus.jcache.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;

/**
 * What a client stores of a cache's configuration for the others: read back as it was written,
 * by this class and by any reader of properties text, the same bytes for the same configuration.
 */
class ConfigurationDescriptorTest {

  @Test
  void aConfiguration_isReadBackAsItWasWritten() {
    MutableConfiguration<String, Map.Entry<?, ?>> written = new MutableConfiguration<>();
    written.setTypes(String.class, (Class) Map.Entry.class);
    written.setStatisticsEnabled(true);
    written.setManagementEnabled(false);
    written.setExpiryPolicyFactory(
        TouchedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 90)));

    MutableConfiguration<Object, Object> read = ConfigurationDescriptor.decode(
        ConfigurationDescriptor.encode(written), getClass().getClassLoader());

    assertEquals(String.class, read.getKeyType());
    assertEquals(Map.Entry.class, read.getValueType());
    assertTrue(read.isStatisticsEnabled());
    assertFalse(read.isManagementEnabled());
    ExpiryPolicy expiry = read.getExpiryPolicyFactory().create();
    assertInstanceOf(TouchedExpiryPolicy.class, expiry);
    Duration duration = expiry.getExpiryForCreation();
    assertEquals(90_000, duration.getTimeUnit().toMillis(duration.getDurationAmount()));
  }

  @Test
  void theText_isPropertiesWithEveryValueAsGiven_andTheSameForTheSameConfiguration()
      throws IOException {
    MutableConfiguration<String, byte[]> config = new MutableConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE));
    ByteString first = ConfigurationDescriptor.encode(config);

    Properties p = new Properties();
    p.load(new StringReader(first.toStringUtf8()));
    assertEquals("1", p.getProperty("format"));
    assertEquals(String.class.getName(), p.getProperty("keyType"));
    assertEquals(byte[].class.getName(), p.getProperty("valueType"));
    assertEquals("created:60000", p.getProperty("expiry"), "':' survives the format");
    assertEquals("false", p.getProperty("readThrough"));
    assertEquals(7 + 1, p.size());
    assertFalse(first.toStringUtf8().startsWith("#"), "no dated comment: " + first.toStringUtf8());
    assertEquals(first, ConfigurationDescriptor.encode(config));
  }
}
