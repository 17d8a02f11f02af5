package io.harborhaguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.jobs.CertRotation;
import io.harborhaguard.report.Input;
import io.harborhaguard.report.ReportFormat;
import io.harborhaguard.report.RunReport;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harbor-ha-guard job cert-rotate}: the webhook's own CA and serving certificate. */
@Dependent
@Unremovable
@Command(
    name = "cert-rotate",
    mixinStandardHelpOptions = true,
    description = {
      "Issue or renew the webhook's serving certificate (90 days, renewed 30 days before expiry)"
          + " and its CA (5 years, renewed a year before, both CAs trusted meanwhile); write the"
          + " Secrets and the webhooks' caBundle. Run daily by the CronJob of the chart or k8s/base.",
      "Exit codes: 0 done or nothing due, 2 the API refused."
    })
public class CertRotateCommand implements Callable<Integer> {

  @Option(
      names = "--namespace",
      defaultValue = "harbor-ha-guard",
      description = "The guard's namespace.")
  String namespace;

  @Option(
      names = "--secret",
      defaultValue = "harbor-ha-guard-tls",
      description = "Serving Secret (the CA goes to <secret>-ca).")
  String secret;

  @Option(names = "--service", defaultValue = "harbor-ha-guard")
  String service;

  @Option(
      names = "--webhook-configuration",
      defaultValue = "harbor-ha-guard",
      description = "Name of both webhook configurations.")
  String webhookConfiguration;

  @Mixin FormatOption format = new FormatOption();

  @Inject KubernetesClient client;

  @Override
  public Integer call() {
    CertRotation.Settings defaults = CertRotation.Settings.defaults(namespace);
    CertRotation.Settings settings =
        new CertRotation.Settings(
            namespace,
            secret,
            service,
            webhookConfiguration,
            defaults.caValidity(),
            defaults.caRenewBefore(),
            defaults.certValidity(),
            defaults.certRenewBefore());
    try {
      List<String> actions = new CertRotation(client, settings, Clock.systemUTC()).run();
      if (format.format() != ReportFormat.text) {
        System.out.print(format.write(report(service, actions), List.of()));
        return 0;
      }
      if (actions.isEmpty()) {
        System.out.println("cert-rotate: certificates current, nothing to do");
      }
      actions.forEach(a -> System.out.println("cert-rotate: " + a));
      return 0;
    } catch (RuntimeException e) {
      System.err.println("harbor-ha-guard job cert-rotate: " + e.getMessage());
      return ExitCode.UNUSABLE.code();
    }
  }

  /** The rotation as the one report: one note per action taken on the service's certificates. */
  static RunReport report(String service, List<String> actions) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    ArrayNode list = result.putArray("actions");
    actions.forEach(list::add);
    Input input = Input.judged(service, "", "", "", List.of()).withNotes(actions);
    return RunReport.of("cert-rotate", "service", List.of(input)).withResult(result);
  }
}
