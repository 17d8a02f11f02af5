package io.harborhaguard.cli;

import io.harborhaguard.installer.InstallerFiles;
import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.installer.LoadBalancers;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.report.Input;
import io.harborhaguard.report.ReportFormat;
import io.harborhaguard.report.RunReport;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code harbor-ha-guard nodes NODE...}: one site's offline-installer nodes, judged. */
@Dependent
@Unremovable
@Command(
    name = "nodes",
    mixinStandardHelpOptions = true,
    description = {
      "Judge the offline-installer nodes of one Harbor site: each node's harbor.yml or harbor.cfg,"
          + " and across nodes their configuration and key files (compared by fingerprint).",
      "NODE is a directory laid out like the node (harbor.yml or harbor.cfg at its root,"
          + " secret/keys/secretkey, secret/core/private_key.pem, secret/registry/root.crt,"
          + " common/config/core/env), optionally DIR=HOST[:PORT], the node's address for --emit.",
      "Exit codes: 0 consistent and HA, 1 a finding, 2 a node that cannot be read or a usage"
          + " error."
    })
public class NodesCommand implements Callable<Integer> {

  enum Emit {
    haproxy,
    nginx,
    keepalived
  }

  @Parameters(arity = "1..*", paramLabel = "NODE", description = "Node directories.")
  List<String> nodeArgs;

  @Option(names = "--format", defaultValue = "text", description = "text, json, sarif or html.")
  ReportFormat format;

  @Option(
      names = "--emit",
      description = "Write a load-balancer configuration instead: haproxy, nginx or keepalived.")
  Emit emit;

  @Option(
      names = "--backup",
      paramLabel = "NODE",
      description = "A standby node (a backup server).")
  List<String> backups = new ArrayList<>();

  @Option(
      names = "--listen",
      paramLabel = "PORT",
      description = "The load balancer's port (default 443 with https, else 80).")
  Integer listen;

  @Option(
      names = "--vip",
      paramLabel = "ADDRESS",
      description = "keepalived: the virtual IP address, e.g. 10.0.0.100/24.")
  String vip;

  @Option(
      names = "--interface",
      defaultValue = "eth0",
      paramLabel = "NAME",
      description = "keepalived: the network interface.")
  String networkInterface;

  @Inject PolicyEngine engine;

  /**
   * The offline settings (packaged defaults, environment, {@code -D} before the subcommand), read
   * at the start of {@link #call}; never the working directory's configuration files. Tests set it.
   */
  PolicySettings settings;

  /** A node argument: its directory and its address for the load balancer. */
  record NodeArg(Path dir, String host, int port) {}

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
    Map<String, InstallerNode> nodes = new LinkedHashMap<>();
    Map<String, String> errors = new LinkedHashMap<>();
    List<NodeArg> args = new ArrayList<>();
    for (String arg : nodeArgs) {
      NodeArg node = parse(arg);
      args.add(node);
      try {
        nodes.put(arg, InstallerNode.read(node.dir()));
      } catch (InstallerFiles.NotAnInstallerFile e) {
        errors.put(node.dir().toString(), e.getMessage());
      }
    }
    if (emit != null) {
      return emit(out, args, nodes, errors);
    }
    Map<InstallerNode, List<Finding>> findings =
        judge(List.copyOf(nodes.values()), errors.isEmpty());
    RunReport report = report(findings, errors);
    out.print(format.write(report, engine.catalog().all(), new VersionProvider().getVersion()[0]));
    return ExitCode.of(report).code();
  }

  /** Each node alone; across them only when every node could be read. */
  private Map<InstallerNode, List<Finding>> judge(List<InstallerNode> nodes, boolean allRead) {
    Map<InstallerNode, List<Finding>> findings = new LinkedHashMap<>();
    for (InstallerNode node : nodes) {
      findings.put(node, new ArrayList<>(engine.judge(node, settings)));
    }
    if (allRead && nodes.size() > 1) {
      // reported with the first node, whose file names the site
      findings.get(nodes.get(0)).addAll(engine.judge(nodes, settings));
    }
    return findings;
  }

  /** One input per node; a finding about the site or another node names it as its subject. */
  private static RunReport report(
      Map<InstallerNode, List<Finding>> findings, Map<String, String> errors) {
    List<Input> inputs = new ArrayList<>();
    findings.forEach(
        (node, list) ->
            inputs.add(
                Input.judged(
                    node.name(),
                    node.config().file(),
                    "",
                    "",
                    list.stream()
                        .map(
                            f ->
                                new Input.Located(
                                    f.violation().subject().isEmpty()
                                        ? node.name()
                                        : f.violation().subject(),
                                    f))
                        .toList())));
    errors.forEach((node, error) -> inputs.add(Input.unreadable(node, error)));
    return RunReport.of("nodes", "node", inputs);
  }

  private int emit(
      PrintStream out,
      List<NodeArg> args,
      Map<String, InstallerNode> nodes,
      Map<String, String> errors) {
    if (!errors.isEmpty() || nodes.isEmpty()) {
      errors.forEach((node, error) -> System.err.println("harbor-ha-guard nodes: " + error));
      return ExitCode.UNUSABLE.code();
    }
    if (emit == Emit.keepalived && vip == null) {
      System.err.println("harbor-ha-guard nodes: --emit keepalived needs --vip ADDRESS");
      return ExitCode.UNUSABLE.code();
    }
    InstallerNode first = nodes.values().iterator().next();
    LoadBalancers.Frontend front =
        LoadBalancers.Frontend.of(first.config(), Optional.ofNullable(listen));
    List<LoadBalancers.Backend> backends = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      NodeArg arg = args.get(i);
      InstallerNode node = nodes.get(nodeArgs.get(i));
      boolean backup = backups.contains(nodeArgs.get(i)) || backups.contains(arg.dir().toString());
      int port = arg.port() > 0 ? arg.port() : (front.tls() ? 443 : 80);
      backends.add(new LoadBalancers.Backend(node.name(), arg.host(), port, backup));
    }
    switch (emit) {
      case haproxy -> out.print(LoadBalancers.haproxy(front, backends));
      case nginx -> out.print(LoadBalancers.nginx(front, backends));
      case keepalived -> {
        int priority = 150;
        for (LoadBalancers.Backend b : backends) {
          out.print(
              LoadBalancers.keepalived(
                  front, b, b.backup() ? 100 : priority, vip, networkInterface));
          priority -= b.backup() ? 0 : 10;
        }
      }
    }
    return ExitCode.CLEAN.code();
  }

  private static NodeArg parse(String arg) {
    int equals = arg.indexOf('=');
    Path dir = Path.of(equals < 0 ? arg : arg.substring(0, equals));
    String address = equals < 0 ? String.valueOf(dir.getFileName()) : arg.substring(equals + 1);
    int colon = address.lastIndexOf(':');
    if (colon > 0 && address.substring(colon + 1).matches("\\d+")) {
      return new NodeArg(
          dir, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }
    return new NodeArg(dir, address, 0);
  }
}
