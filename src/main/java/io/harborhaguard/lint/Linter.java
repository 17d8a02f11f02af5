package io.harborhaguard.lint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.chart.BitnamiChart;
import io.harborhaguard.helm.chart.ChartReleases;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.chart.ChartVersionInference;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.release.BitnamiShape;
import io.harborhaguard.helm.release.ChartKind;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.helm.values.ManifestValues;
import io.harborhaguard.helm.values.ValuesMerger;
import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.KeyPrefix;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Report;
import io.harborhaguard.policy.rules.values.DatabaseConnectionsRule;
import io.harborhaguard.policy.rules.values.RedisSharedRule;
import io.harborhaguard.policy.rules.values.SecretsPinnedRule;
import io.harborhaguard.policy.rules.values.SecretsReferencedRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Judges lint inputs with the same engine and settings the webhook uses. */
public class Linter {

  /**
   * Where a values file's chart defaults come from; {@code bitnami} says whose chart it is
   * (Bitnami's or goharbor's), empty: told from the shape of the values when no version is given.
   */
  public record ChartSource(
      Optional<ObjectNode> chartValues, Optional<ChartVersion> version, Optional<Boolean> bitnami) {

    public ChartSource(Optional<ObjectNode> chartValues, Optional<ChartVersion> version) {
      this(chartValues, version, Optional.empty());
    }

    /** Whether {@code values} are judged as Bitnami's chart's. */
    boolean isBitnami(ObjectNode values) {
      if (bitnami.isPresent()) {
        return bitnami.get();
      }
      return version.isEmpty() && BitnamiShape.of(chartValues.orElse(values));
    }
  }

  private final PolicyEngine engine;
  private final PolicySettings settings;
  private final ChartSource chart;
  private final boolean requireHarbor;
  private final List<HarborValues> judged = new ArrayList<>();
  private ManifestSecrets secrets = ManifestSecrets.NONE;

  public Linter(
      PolicyEngine engine, PolicySettings settings, ChartSource chart, boolean requireHarbor) {
    this.engine = engine;
    this.settings = settings;
    this.chart = chart;
    this.requireHarbor = requireHarbor;
  }

  /** The Secrets among the manifests of {@code inputs}, whichever file they came in. */
  public static ManifestSecrets secretsAmong(List<LintInput> inputs) {
    return ManifestSecrets.of(
        inputs.stream()
            .filter(LintInput.Manifests.class::isInstance)
            .flatMap(i -> ((LintInput.Manifests) i).documents().stream())
            .toList());
  }

  /** The Secret manifests given beside the releases, for HA-SECRETS-REFERENCED. */
  public Linter withSecrets(ManifestSecrets secrets) {
    this.secrets = secrets;
    return this;
  }

  public LintResult lint(LintInput input) {
    try {
      if (input instanceof LintInput.Release release) {
        return release(release);
      }
      if (input instanceof LintInput.Manifests manifests) {
        return manifests(manifests);
      }
      if (input instanceof LintInput.Installer installer) {
        return installer(installer);
      }
      return values((LintInput.Values) input);
    } catch (BadInput e) {
      return LintResult.error(input.name(), e.getMessage());
    }
  }

  private LintResult release(LintInput.Release input) throws BadInput {
    if (input.release().kind() == ChartKind.NOT_GOHARBOR) {
      return notHarbor(
          input.name(),
          "chart "
              + input.release().chartName()
              + " is not goharbor's; its values were not judged");
    }
    if (!input.release().isHarbor() && !input.release().isBitnami()) {
      return notHarbor(input.name(), "chart " + input.release().chartName());
    }
    return result(input.name(), harborValues(input.release()), List.of());
  }

  private LintResult manifests(LintInput.Manifests input) throws BadInput {
    Optional<ManifestValues.Result> reconstructed =
        ManifestValues.of(input.documents(), chart.version());
    if (reconstructed.isEmpty()) {
      if (input.documents().stream().allMatch(ManifestSecrets::isSecret)) {
        ManifestSecrets given = ManifestSecrets.of(input.documents());
        return LintResult.note(
            input.name(),
            given.size()
                + " Secret(s), looked up for the Secrets the releases name: "
                + String.join(", ", given.names().stream().map(Echo::quoted).toList()));
      }
      return notHarbor(input.name(), "no harbor-core Deployment in the manifests");
    }
    return result(input.name(), reconstructed.get().values(), reconstructed.get().unverifiable());
  }

  private LintResult values(LintInput.Values input) {
    Merged merged =
        chart.isBitnami(input.values())
            ? mergeBitnami(input.name(), input.values(), chart)
            : merge(input.name(), input.values(), chart);
    return result(input.name(), merged.values(), merged.notes());
  }

  /** A values file's values over its chart's defaults, and how the chart version was found. */
  public record Merged(HarborValues values, List<String> notes) {}

  /**
   * {@code values} over the chart defaults {@code chart} names: {@code --chart-values}, else those
   * of {@code --chart-version}, else those of the version the values point to (with a note saying
   * why).
   */
  public static Merged merge(String name, ObjectNode values, ChartSource chart) {
    List<String> notes = new ArrayList<>();
    ObjectNode defaults;
    ChartVersion version;
    if (chart.chartValues().isPresent()) {
      defaults = chart.chartValues().get();
      version = chart.version().orElse(ChartReleases.shipped().newest());
    } else if (chart.version().isPresent()) {
      version = chart.version().get();
      defaults = ChartDefaults.valuesFor(version);
    } else {
      ChartVersionInference.Inferred inferred = ChartVersionInference.shipped().infer(values);
      version = inferred.version();
      defaults = ChartDefaults.valuesFor(version);
      notes.add(inferred.reason());
    }
    return new Merged(
        new HarborValues(
            name, HarborChart.of(version), ValuesMerger.merge(defaults, values), values),
        List.copyOf(notes));
  }

  /**
   * {@code values} over the defaults of Bitnami's chart: {@code --chart-values}, else those of
   * {@code --chart-version} (a released version of Bitnami's chart), else those of the version its
   * keys point to, with a note saying why.
   */
  static Merged mergeBitnami(String name, ObjectNode values, ChartSource chart) {
    List<String> notes = new ArrayList<>();
    ChartVersion version;
    if (chart.version().isPresent()) {
      version = chart.version().get();
    } else {
      ChartVersionInference.Inferred inferred = ChartVersionInference.bitnami().infer(values);
      version = inferred.version();
      notes.add("Bitnami's Harbor chart; " + inferred.reason());
    }
    ObjectNode defaults = chart.chartValues().orElseGet(() -> BitnamiChart.defaults(version));
    return new Merged(
        new HarborValues(
            name,
            HarborChart.of(BitnamiChart.of(version, defaults)),
            ValuesMerger.merge(defaults, values),
            values),
        List.copyOf(notes));
  }

  /** An installer file is one node: its own rules, never chart values' findings. */
  private LintResult installer(LintInput.Installer input) {
    InstallerNode node = new InstallerNode(input.name(), input.config(), InstallerNode.Keys.NONE);
    List<Finding> findings = engine.judge(node, settings);
    return new LintResult(
        input.name(),
        "installer node",
        input.config().version().orElse(""),
        findings,
        List.of(
            "an offline installer file, judged as one installer node (use nodes for the keys and"
                + " the checks across nodes)"),
        null);
  }

  /**
   * Findings across the releases judged so far: those sharing an external database host and
   * together exceeding its connections (HA-DB-CONNECTIONS), those sharing a Redis and its indexes
   * without being one HA group (HA-REDIS-SHARED), members of one HA group whose shared secrets or
   * chart versions differ (HA-SECRETS-PINNED); empty when there are none.
   */
  public Optional<LintResult> acrossFiles() {
    if (judged.size() < 2) {
      return Optional.empty();
    }
    List<Finding> findings = new ArrayList<>();
    for (var valuesRule : engine.catalog().valuesRules()) {
      if (valuesRule instanceof DatabaseConnectionsRule rule) {
        findings.addAll(
            engine.findings(rule, rule.acrossReleases(judged, settings), settings, Map.of()));
      }
      if (valuesRule instanceof RedisSharedRule rule) {
        findings.addAll(
            engine.findings(rule, rule.acrossReleases(judged, settings), settings, Map.of()));
      }
      if (valuesRule instanceof SecretsPinnedRule rule) {
        findings.addAll(
            engine.findings(rule, rule.acrossReleases(judged, settings), settings, Map.of()));
      }
    }
    if (findings.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new LintResult(
            "(across files)",
            String.join(", ", judged.stream().map(HarborValues::release).toList()),
            "",
            findings,
            List.of(
                "releases of the files above that share an external database host, a Redis or an"
                    + " externalURL"),
            null));
  }

  /** The values of a Harbor release record. */
  static HarborValues harborValues(HelmRelease release) throws BadInput {
    try {
      return HarborValues.of(release);
    } catch (IllegalArgumentException e) {
      throw new BadInput("release JSON: " + e.getMessage());
    }
  }

  private LintResult result(String file, HarborValues values, List<String> notes) {
    boolean goharbor = !values.chart().isBitnami(); // the checks below read goharbor's keys
    if (goharbor) {
      judged.add(values);
    }
    Report report = engine.evaluate(values, settings);
    List<String> allNotes = new ArrayList<>(notes);
    SecretsReferencedRule referenced = engine.catalog().secretsReferenced();
    if (goharbor && engine.effectiveMode(referenced, settings, Map.of()) != Mode.OFF) {
      SecretsReferencedRule.Checked checked = referenced.check(values, secrets);
      report = report.with(engine.findings(referenced, checked.violations(), settings, Map.of()));
      checked.unchecked().forEach(u -> allNotes.add(referenced.id() + " did not check " + u));
    }
    report = KeyPrefix.apply(engine.exempt(report, settings), values.keyPrefix(), values.topKeys());
    return new LintResult(
        file,
        values.release(),
        values.chart().version().text(),
        report.findings(),
        List.copyOf(allNotes),
        null);
  }

  private LintResult notHarbor(String file, String what) throws BadInput {
    if (requireHarbor) {
      throw new BadInput("not a Harbor release (" + what + ")");
    }
    return LintResult.note(file, "not a Harbor release (" + what + "): nothing to judge");
  }
}
