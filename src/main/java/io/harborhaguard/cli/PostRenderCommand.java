package io.harborhaguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.values.HarborObject;
import io.harborhaguard.helm.values.ManifestValues;
import io.harborhaguard.helm.values.RenderedSources;
import io.harborhaguard.lint.BadInput;
import io.harborhaguard.lint.ChartDefaults;
import io.harborhaguard.lint.OfflineSettings;
import io.harborhaguard.lint.SettingsFile;
import io.harborhaguard.lint.YamlDocuments;
import io.harborhaguard.policy.AppliedFix;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.FixResult;
import io.harborhaguard.policy.KeyPrefix;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Report;
import io.harborhaguard.report.Input;
import io.harborhaguard.report.ReportFormat;
import io.harborhaguard.report.RunReport;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code harbor-ha-guard post-render}: a Helm post-renderer. Reads the rendered manifests on stdin,
 * applies the fixes of rules in mutate mode (the object webhook's code), and writes the manifests
 * to stdout; when an enforce-mode rule fails it writes nothing and exits 1, so Helm stops before
 * anything reaches the cluster. Its verdict is the one report model ({@link RunReport}), on stderr.
 */
@Dependent
@Unremovable
@Command(
    name = "post-render",
    mixinStandardHelpOptions = true,
    description = {
      "Helm post-renderer: manifests on stdin, fixed manifests on stdout.",
      "The verdict goes to stderr in --format (text: only when there is a finding or a fix).",
      "Exit codes: 0 written, 1 enforce-mode violations (report on stderr), 2 unreadable input."
    })
public class PostRenderCommand implements Callable<Integer> {

  /** Lets a Helm 4 plugin (which takes no flags of ours) point at a settings file. */
  static final String CONFIG_ENV = "HARBOR_HA_GUARD_CONFIG";

  private static final String STDIN = "(stdin)";

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .build();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Rule settings in the service's properties format (default: $" + CONFIG_ENV + ").")
  Path config;

  @Option(
      names = "--chart-version",
      paramLabel = "VERSION",
      description = "Chart version, for manifests rendered before chart 1.15.")
  String chartVersion;

  @Option(
      names = "--values-prefix",
      paramLabel = "KEY",
      description = {
        "Where Harbor's values sit in the chart's values, e.g. harbor for an umbrella's",
        "dependency (keys and fixes are then named harbor.…); default: from Helm's",
        "'# Source:' comments; an empty KEY: Harbor's own chart."
      })
  String keyPrefix;

  @Mixin FormatOption format = new FormatOption();

  @Inject PolicyEngine engine;

  /** Set by tests; otherwise the offline settings with --config ({@link OfflineSettings}). */
  PolicySettings settings;

  @Override
  public Integer call() {
    PrintStream err = System.err;
    try {
      PolicySettings effective = settings();
      byte[] input = System.in.readAllBytes();
      List<JsonNode> documents = read(input);
      List<AppliedFix> fixes = new ArrayList<>();
      List<JsonNode> fixed = new ArrayList<>();
      for (JsonNode document : documents) {
        fixed.add(fix(document, effective, fixes));
      }
      String prefix =
          keyPrefix != null
              ? KeyPrefix.normalised(keyPrefix)
              : RenderedSources.keyPrefix(documents, new String(input, StandardCharsets.UTF_8));
      Optional<ManifestValues.Result> values =
          ManifestValues.of(fixed, ChartDefaults.released(chartVersion));
      Optional<Report> judged =
          values.map(
              v ->
                  KeyPrefix.apply(
                      engine.exempt(engine.evaluate(v.values(), effective), effective),
                      prefix,
                      v.values().topKeys()));
      Set<String> topKeys = values.map(v -> v.values().topKeys()).orElse(Set.of());
      RunReport verdict =
          verdict(judged, fixes.stream().map(f -> KeyPrefix.apply(f, prefix, topKeys)).toList());
      // stdout is Helm's: the manifests, or nothing when the release is refused
      if (format.format() != ReportFormat.text || !quiet(verdict)) {
        err.print(format.write(verdict, engine.catalog().all()));
      }
      if (verdict.refuses()) {
        return ExitCode.FINDINGS.code();
      }
      write(fixed);
      return ExitCode.CLEAN.code();
    } catch (BadInput e) {
      err.println("harbor-ha-guard post-render: " + e.getMessage());
      return ExitCode.UNUSABLE.code();
    } catch (IOException e) {
      err.println("harbor-ha-guard post-render: " + e.getMessage());
      return ExitCode.UNUSABLE.code();
    }
  }

  /**
   * The verdict on the rendered release: its findings, and a note per fix applied to the objects;
   * manifests without a Harbor release are passed on unjudged, with a note saying so.
   */
  static RunReport verdict(Optional<Report> judged, List<AppliedFix> fixes) {
    List<String> notes = new ArrayList<>();
    fixes.forEach(f -> notes.add("fixed: " + FindingFormat.line(f)));
    Input input =
        judged
            .map(
                r ->
                    Input.judged(
                        r.release(),
                        STDIN,
                        r.release(),
                        r.chartVersion(),
                        Input.about(r.release(), r.findings())))
            .orElseGet(
                () -> {
                  notes.add("no harbor-core Deployment in the manifests: nothing judged");
                  return Input.judged(STDIN, STDIN, "", "", List.of());
                });
    return RunReport.of("post-render", "release", List.of(input.withNotes(notes)));
  }

  /** Nothing a person needs to read: no finding and no fix. */
  private static boolean quiet(RunReport verdict) {
    return verdict.inputs().stream()
        .allMatch(
            i ->
                i.findings().isEmpty()
                    && i.notes().stream().noneMatch(n -> n.startsWith("fixed: ")));
  }

  private PolicySettings settings() throws BadInput {
    Path file = config;
    if (file == null && System.getenv(CONFIG_ENV) != null && !System.getenv(CONFIG_ENV).isBlank()) {
      file = Path.of(System.getenv(CONFIG_ENV));
    }
    if (settings != null) {
      return file == null ? settings : SettingsFile.load(file, settings, engine);
    }
    return OfflineSettings.read(engine, file).settings();
  }

  /** The manifests on stdin; a document that is not a Kubernetes object has nothing to fix. */
  private static List<JsonNode> read(byte[] input) throws BadInput {
    try {
      return YamlDocuments.read(input).stream()
          .filter(document -> document.isObject() && !document.isEmpty())
          .toList();
    } catch (BadInput e) {
      throw new BadInput("stdin: " + e.getMessage());
    }
  }

  private JsonNode fix(JsonNode document, PolicySettings effective, List<AppliedFix> fixes) {
    Optional<HarborObject> object = HarborObject.recognise(document);
    if (object.isEmpty()) {
      return document;
    }
    FixResult result = engine.fix(object.get(), effective, Map.of(), true);
    fixes.addAll(result.fixes());
    return result.fixed();
  }

  private static void write(List<JsonNode> documents) throws IOException {
    Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
    try (SequenceWriter writer = YAML.writer().writeValues(out)) {
      for (JsonNode document : documents) {
        writer.write(document);
      }
      writer.flush();
    }
    out.flush();
  }
}
