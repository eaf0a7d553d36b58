package dev.cirrus.cli.command;

import dev.cirrus.cli.CirrusCommand;
import dev.cirrus.cli.connect.Failures;
import dev.cirrus.cli.output.Output;
import dev.cirrus.jcache.internal.client.CirrusClient;
import java.util.concurrent.Callable;
import javax.cache.CacheException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the server: it gets a connected client and the output, and its
 * failures reach the user through {@link Failures}.
 */
abstract class ServerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  CirrusCommand root() {
    return (CirrusCommand) spec.root().userObject();
  }

  @Override
  public final Integer call() {
    Output output = root().output();
    try (CirrusClient client = root().connection().connect()) {
      return run(client, output);
    } catch (CacheException e) {
      throw Failures.of(e);
    }
  }

  /** Runs the command; answers its exit code. */
  abstract int run(CirrusClient client, Output output);
}
