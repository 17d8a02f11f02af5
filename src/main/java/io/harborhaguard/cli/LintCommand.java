package io.harborhaguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.release.HelmProducer;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.lint.BadInput;
import io.harborhaguard.lint.ChartDefaults;
import io.harborhaguard.lint.LintInput;
import io.harborhaguard.lint.LintResult;
import io.harborhaguard.lint.Linter;
import io.harborhaguard.lint.OfflineSettings;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.report.Input;
import io.harborhaguard.report.RunReport;
import io.harborhaguard.text.Messages;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code harbor-ha-guard lint FILE...}: the webhook's verdict, offline. Exit 0 / 1 / 2. */
@Dependent
@Unremovable
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Judge Harbor releases before they reach a cluster: release JSON (helm install"
          + " --dry-run=client -o json), rendered manifests (helm template) or a values file.",
      "Exit codes: 0 no enforce-mode finding, 1 enforce-mode findings, 2 unreadable input or"
          + " usage error."
    })
public class LintCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Inputs; '-' reads stdin.")
  List<String> files;

  @Mixin FormatOption format = new FormatOption();

  @Option(
      names = "--chart-values",
      paramLabel = "FILE",
      description = "The chart's values.yaml, for values files.")
  Path chartValues;

  @Option(
      names = "--chart-version",
      paramLabel = "VERSION",
      description = "Chart version of values files (and of manifests rendered before chart 1.15).")
  String chartVersion;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Rule settings in the service's properties format. lint reads no file of the working"
              + " directory: the packaged defaults, the environment, -D before the subcommand and"
              + " this file.")
  Path config;

  @Option(
      names = "--require-harbor",
      description = "Inputs that are not a Harbor release are errors (exit 2).")
  boolean requireHarbor;

  @Inject PolicyEngine engine;

  /**
   * Built from the settings in force, {@code --config} included: its bounds and its {@code
   * harbor-chart-names} (forks judged as goharbor's chart) are the file's.
   */
  private ReleaseDecoder decoder;

  /** The settings in force and where each mode came from (set by {@link #linter()}). */
  private OfflineSettings inForce;

  @Override
  public Integer call() {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Linter linter;
    try {
      linter = linter();
    } catch (BadInput e) {
      System.err.println("harbor-ha-guard lint: " + e.getMessage());
      return ExitCode.UNUSABLE.code();
    }
    List<Input> inputs = new ArrayList<>();
    for (String file : files) {
      inputs.add(lintOne(linter, file, decoder).toInput());
    }
    RunReport report =
        RunReport.of("lint", "file", inputs)
            .withModes(inForce.modes(), Optional.of(inForce.note()));
    Optional<LintResult> across = linter.acrossFiles();
    if (across.isPresent()) {
      report =
          report.withAcross(
              Input.about(across.get().file(), across.get().findings()), across.get().notes());
    }
    out.print(format.write(report, engine.catalog().all()));
    return ExitCode.of(report).code();
  }

  private Linter linter() throws BadInput {
    inForce = OfflineSettings.read(engine, config);
    decoder = HelmProducer.releaseDecoder(new ObjectMapper(), inForce.config());
    PolicySettings effective = inForce.settings();
    Optional<ChartVersion> version = ChartDefaults.released(chartVersion);
    Optional<ObjectNode> defaults = Optional.empty();
    if (chartValues != null) {
      try {
        var tree = new YAMLMapper().readTree(chartValues.toFile());
        if (tree == null || !tree.isObject()) {
          throw new BadInput("--chart-values " + chartValues + ": not a values mapping");
        }
        defaults = Optional.of((ObjectNode) tree);
      } catch (IOException e) {
        throw new BadInput(
            "--chart-values " + chartValues + ": " + Messages.firstLine(e.getMessage()));
      }
    }
    return new Linter(engine, effective, new Linter.ChartSource(defaults, version), requireHarbor);
  }

  private static LintResult lintOne(Linter linter, String file, ReleaseDecoder decoder) {
    byte[] content;
    try {
      content = "-".equals(file) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      return LintResult.error(file, "cannot read: " + e.getMessage());
    }
    try {
      return linter.lint(LintInput.read(file, content, decoder));
    } catch (BadInput e) {
      return LintResult.error(file, e.getMessage());
    }
  }
}
