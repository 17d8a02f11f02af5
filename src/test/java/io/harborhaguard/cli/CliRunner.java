package io.harborhaguard.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.TestRules;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs {@code nodes} or {@code pairs} in this JVM with the catalogue's checks and default settings,
 * capturing what the command prints.
 */
public final class CliRunner {

  public record Run(int exit, String out) {}

  private CliRunner() {}

  public static Run nodes(String... args) {
    NodesCommand command = new NodesCommand();
    command.engine = TestRules.engine();
    command.settings = PolicySettings.defaults();
    return run(command, args);
  }

  public static Run pairs(String... args) {
    PairsCommand command = new PairsCommand();
    command.engine = TestRules.engine();
    command.settings = PolicySettings.defaults();
    return run(command, args);
  }

  /** {@code job redis-probe}; stdout only. */
  public static Run redisProbe(String... args) {
    RedisProbeCommand command = new RedisProbeCommand();
    command.decoder = new ReleaseDecoder();
    return run(command, args);
  }

  /** {@code job db-init}, its Secrets read through {@code client}; stdout and stderr together. */
  public static synchronized Run dbInit(KubernetesClient client, String... args) {
    DbInitCommand command = new DbInitCommand();
    command.kubernetes = () -> client;
    command.decoder = new ReleaseDecoder();
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      Run run = run(command, args);
      return new Run(run.exit(), run.out() + err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(originalErr);
    }
  }

  private static synchronized Run run(Object command, String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return new Run(new CommandLine(command).execute(args), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
