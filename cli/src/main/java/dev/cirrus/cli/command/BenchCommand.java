package dev.cirrus.cli.command;

import dev.cirrus.cli.bench.BenchPlan;
import dev.cirrus.cli.bench.BenchResult;
import dev.cirrus.cli.bench.BenchRun;
import dev.cirrus.cli.connect.ExitCode;
import dev.cirrus.cli.connect.Failures;
import dev.cirrus.cli.output.Output;
import dev.cirrus.cli.output.StoredValue;
import dev.cirrus.jcache.internal.cache.ConfigurationDescriptor;
import dev.cirrus.jcache.internal.client.CirrusClient;
import java.io.PrintWriter;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "bench", description = {"A quick get/set load against the server, with a progress"
    + " line and a latency summary (p50, p99, max).",
    "The cache is created for the run and deleted after it unless it existed. Bounded: at most"
        + " 10000000 requests from 64 threads."})
public final class BenchCommand extends ServerCommand {

  @Option(names = "--cache", paramLabel = "NAME", defaultValue = "cirrus-bench",
      description = "Cache to use (default ${DEFAULT-VALUE}).")
  private String cache;

  @Option(names = "--requests", paramLabel = "N", defaultValue = "10000",
      description = "Calls in all (default ${DEFAULT-VALUE}).")
  private long requests;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
      description = "Calling threads (default ${DEFAULT-VALUE}).")
  private int threads;

  @Option(names = "--keys", paramLabel = "N", defaultValue = "1000",
      description = "Distinct keys (default ${DEFAULT-VALUE}).")
  private int keys;

  @Option(names = "--value-size", paramLabel = "BYTES", defaultValue = "100",
      description = "Bytes per value (default ${DEFAULT-VALUE}).")
  private int valueSize;

  @Option(names = "--set-ratio", paramLabel = "R", defaultValue = "0.2",
      description = "Share of sets among the calls, 0 to 1 (default ${DEFAULT-VALUE}).")
  private double setRatio;

  @Override
  int run(CirrusClient client, Output output) {
    BenchPlan plan;
    try {
      plan = new BenchPlan(cache, requests, threads, keys, valueSize, setRatio);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    boolean existed = client.describeCache(cache).isPresent();
    if (!existed) {
      client.createCache(cache, ConfigurationDescriptor.encode(new MutableConfiguration<>()), true);
    }
    try {
      PrintWriter err = output.err();
      BenchResult result = new BenchRun(client, plan, StoredValue::encode).run(done -> {
        if (!output.json()) {
          err.printf("\r%,d/%,d requests (%d%%)", done, plan.requests(),
              done * 100 / plan.requests());
          err.flush();
        }
      });
      if (!output.json()) {
        err.println();
      }
      output.result(result.toDocument(), result.toText());
      if (result.firstError() != null) {
        CacheException first = result.firstError() instanceof CacheException c ? c
            : new CacheException(result.firstError().toString(), result.firstError());
        throw Failures.of(first);
      }
      return ExitCode.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.REFUSED;
    } finally {
      if (!existed) {
        client.deleteCache(cache);
      }
    }
  }
}
