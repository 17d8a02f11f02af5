package io.harborhaguard.cli;

import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.RuleReference;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harbor-ha-guard rules}: the rule catalogue, every id any output can carry. */
@Dependent
@Unremovable
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = {
      "Print the catalogue of rules: id, what it judges and requires, default mode, safe fix.",
      "docs/rules.md is this command's markdown output."
    })
public class RulesCommand implements Callable<Integer> {

  enum Format {
    markdown,
    json
  }

  @Option(names = "--format", defaultValue = "markdown", description = "markdown or json.")
  Format format;

  @Inject PolicyEngine engine;

  @Override
  public Integer call() {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    var rules = engine.catalog().all();
    out.print(format == Format.json ? RuleReference.json(rules) : RuleReference.markdown(rules));
    return 0;
  }
}
