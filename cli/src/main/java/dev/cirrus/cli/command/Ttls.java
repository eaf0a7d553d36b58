package dev.cirrus.cli.command;

import dev.cirrus.cli.connect.CliException;
import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.jcache.internal.client.Ttl;
import dev.cirrus.jcache.internal.config.ConfigException;
import dev.cirrus.jcache.internal.config.Durations;
import java.time.Duration;

/** TTLs and durations as typed on the command line: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}. */
final class Ttls {

  private Ttls() {}

  /** A positive duration given to {@code option}; a bad one fails with {@link ExitCode#USAGE}. */
  static Duration parse(String option, String text) {
    Duration d;
    try {
      d = Durations.parse(option, text);
    } catch (ConfigException e) {
      throw new CliException(ExitCode.USAGE, "Invalid value '" + text + "' for " + option
          + ": use a duration such as 500ms, 30s, 10m, 2h or 1d");
    }
    if (d.isZero()) {
      throw new CliException(ExitCode.USAGE, "Invalid value '" + text + "' for " + option
          + ": it must be longer than zero (an entry with no time to live is not stored)");
    }
    return d;
  }

  static Ttl ttl(String option, String text) {
    return Ttl.ofMillis(parse(option, text).toMillis());
  }

  /** A remaining time to live as a person reads it: {@code 9m59s}. */
  static String remaining(long millis) {
    if (millis <= 0) {
      return "never";
    }
    Duration d = Duration.ofMillis(millis);
    StringBuilder text = new StringBuilder();
    if (d.toDays() > 0) {
      text.append(d.toDays()).append('d');
    }
    if (d.toHoursPart() > 0) {
      text.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      text.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0 || text.length() == 0) {
      text.append(d.toSecondsPart() > 0 ? d.toSecondsPart() + "s" : d.toMillisPart() + "ms");
    }
    return text.toString();
  }
}
