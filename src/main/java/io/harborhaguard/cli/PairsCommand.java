package io.harborhaguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.replication.HarborApi;
import io.harborhaguard.replication.ReplicationPair;
import io.harborhaguard.replication.ReplicationSite;
import io.harborhaguard.replication.SiteUrl;
import io.harborhaguard.report.Input;
import io.harborhaguard.report.ReportFormat;
import io.harborhaguard.report.RunReport;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harbor-ha-guard pairs}: an active site and its standby, kept by replication. */
@Dependent
@Unremovable
@Command(
    name = "pairs",
    mixinStandardHelpOptions = true,
    description = {
      "Judge an active/standby pair of Harbor sites kept in step by replication: from saved API"
          + " bodies (DIR with projects.json, registries.json, replication-policies.json and"
          + " optionally replication-executions.json), or live from each site's REST API with a"
          + " robot account.",
      "Exit codes: 0 the standby is kept, 1 a finding, 2 an export or site that cannot be read or"
          + " a usage error."
    })
public class PairsCommand implements Callable<Integer> {

  @Option(
      names = "--active",
      paramLabel = "DIR",
      description = "The active site's saved API bodies.")
  Path activeDir;

  @Option(
      names = "--standby",
      paramLabel = "DIR",
      description = "The standby site's saved API bodies.")
  Path standbyDir;

  @Option(
      names = "--active-url",
      paramLabel = "URL",
      description = "The active site's address (live, or to tell its registry entry).")
  String activeUrl;

  @Option(
      names = "--standby-url",
      paramLabel = "URL",
      description = "The standby site's address (live, or to tell its registry entry).")
  String standbyUrl;

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description =
          "Live mode: a robot account, as Harbor exports it ({\"name\":…,\"secret\":…}) or NAME:SECRET; never printed.")
  Path credentials;

  @Option(
      names = "--insecure-http",
      description = "Live mode: accept http:// sites (the robot's credentials cross in clear).")
  boolean insecureHttp;

  @Option(names = "--format", defaultValue = "text", description = "text, json, sarif or html.")
  ReportFormat format;

  @Inject PolicyEngine engine;

  /**
   * The offline settings (packaged defaults, environment, {@code -D} before the subcommand), read
   * at the start of {@link #call}; never the working directory's configuration files. Tests set it.
   */
  PolicySettings settings;

  @Override
  public Integer call() {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (settings == null) {
      try {
        settings = OfflineSettings.read(engine, null).settings();
      } catch (BadInput e) {
        System.err.println("harbor-ha-guard: " + e.getMessage());
        return ExitCode.UNUSABLE.code();
      }
    }
    Map<String, String> errors = new LinkedHashMap<>();
    Optional<ReplicationSite> active = site("active", activeDir, activeUrl, errors);
    Optional<ReplicationSite> standby = site("standby", standbyDir, standbyUrl, errors);
    List<Input.Located> onActive = new ArrayList<>();
    List<Input.Located> onStandby = new ArrayList<>();
    if (active.isPresent() && standby.isPresent()) {
      ReplicationPair pair = new ReplicationPair(active.get(), standby.get());
      for (Finding f : engine.judge(pair, settings)) {
        boolean standbySite = f.violation().subject().startsWith("standby");
        (standbySite ? onStandby : onActive).add(new Input.Located(f.violation().subject(), f));
      }
    }
    List<Input> inputs = new ArrayList<>();
    inputs.add(siteInput("active", source(activeDir, activeUrl), onActive, errors));
    inputs.add(siteInput("standby", source(standbyDir, standbyUrl), onStandby, errors));
    RunReport report = RunReport.of("pairs", "site", inputs);
    out.print(format.write(report, engine.catalog().all(), new VersionProvider().getVersion()[0]));
    return ExitCode.of(report).code();
  }

  private static Input siteInput(
      String site, String source, List<Input.Located> findings, Map<String, String> errors) {
    String error = errors.get(site);
    return error != null
        ? new Input(site, source, "", "", List.of(), List.of(), error)
        : Input.judged(site, source, "", "", findings);
  }

  private Optional<ReplicationSite> site(
      String name, Path dir, String url, Map<String, String> errors) {
    try {
      if (dir != null) {
        return Optional.of(ReplicationSite.read(name, dir, Optional.ofNullable(url)));
      }
      if (url == null) {
        errors.put(name, "pass --" + name + " DIR or --" + name + "-url URL");
        return Optional.empty();
      }
      if (credentials == null) {
        errors.put(name, "live mode needs --credentials FILE (a robot account)");
        return Optional.empty();
      }
      return Optional.of(HarborApi.withDefaults(insecureHttp).fetch(name, url, credentials()));
    } catch (ReplicationSite.BadExport e) {
      errors.put(name, e.getMessage());
    } catch (BadInput e) {
      errors.put(name, e.getMessage());
    }
    return Optional.empty();
  }

  private HarborApi.Credentials credentials() throws BadInput {
    String text;
    try {
      text = Files.readString(credentials).strip();
    } catch (IOException e) {
      throw new BadInput("cannot read the credentials file " + credentials);
    }
    if (text.startsWith("{")) {
      try {
        JsonNode robot = new ObjectMapper().readTree(text);
        if (robot.hasNonNull("name") && robot.hasNonNull("secret")) {
          return new HarborApi.Credentials(
              robot.get("name").asText(), robot.get("secret").asText());
        }
      } catch (IOException e) {
        // reported below without the file's contents
      }
      throw new BadInput(credentials + ": not a robot account ({\"name\":…,\"secret\":…})");
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new BadInput(credentials + ": expected NAME:SECRET or a robot account's JSON");
    }
    return new HarborApi.Credentials(text.substring(0, colon), text.substring(colon + 1));
  }

  private static String source(Path dir, String url) {
    return dir != null ? dir.toString() : SiteUrl.printable(url);
  }
}
