package io.harborhaguard.cli;

import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.TestRules;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs {@code pairs} in this JVM with the catalogue's checks and default settings. */
public final class PairsCommandRunner {

  public record Run(int exit, String out) {}

  private PairsCommandRunner() {}

  public static synchronized Run run(String... args) {
    PairsCommand command = new PairsCommand();
    command.engine = TestRules.engine();
    command.settings = PolicySettings.defaults();
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
