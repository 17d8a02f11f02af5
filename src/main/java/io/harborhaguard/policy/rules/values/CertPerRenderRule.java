package io.harborhaguard.policy.rules.values;

import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates the chart makes itself: with {@code expose.tls.certSource: auto} (before chart
 * 1.5.0: an empty {@code expose.tls.secretName}) the ingress or nginx certificate, with {@code
 * internalTLS.certSource: auto} every component's internal certificate, each signed by a CA made
 * with {@code genCA ... 365} at every render. Nothing renews them between upgrades, so a release
 * left alone for a year serves expired certificates, and the members of an HA group each present a
 * CA of their own.
 */
public class CertPerRenderRule implements ValuesRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-CERT-PER-RENDER",
          "the expose and internal TLS certificates come from Secrets, not from the chart's"
              + " per-render CA",
          "With certSource auto the chart signs a new 365-day CA and certificate at every render"
              + " (no lookup keeps them): nothing renews them between upgrades, so a release left"
              + " alone for a year serves expired certificates and its pods fail to talk to each"
              + " other (harbor-helm 1775), clients must trust a new CA after every upgrade, and every"
              + " member of an HA group presents a CA of its own.",
          "expose: 1.0.0-1.4.x generate the certificate when expose.tls.secretName is empty,"
              + " 1.5.0 on when expose.tls.certSource is auto (the default; secret and none take"
              + " none); with expose.tls.enabled, for ingress and for nginx (clusterIP, nodePort,"
              + " loadBalancer; route from 1.18.0 takes none); internal: internalTLS from 1.4.0,"
              + " when enabled with certSource auto (the default; manual and secret take none)",
          Scope.VALUES,
          Mode.WARN,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    List<Violation> violations = new ArrayList<>();
    HarborChart chart = values.chart();
    if (generatesExposeCertificate(values)) {
      String key = chart.hasExposeCertSource() ? "expose.tls.certSource" : "expose.tls.secretName";
      String found =
          chart.hasExposeCertSource()
              ? "expose.tls.certSource is " + Echo.quoted(values.text(key))
              : "expose.tls.secretName is empty";
      violations.add(
          violation(
              key,
              found
                  + ": chart "
                  + chart.version()
                  + " signs the "
                  + ("ingress".equals(values.text("expose.type")) ? "ingress" : "nginx")
                  + " certificate with a new 365-day CA at every render; nothing renews it between"
                  + " upgrades, and each member of an HA group presents its own CA",
              chart.hasExposeCertSource()
                  ? "--set expose.tls.certSource=secret --set"
                      + " expose.tls.secret.secretName=<Secret with tls.crt and tls.key, renewed by"
                      + " cert-manager or your CA>."
                  : "--set expose.tls.secretName=<Secret with tls.crt and tls.key, renewed by"
                      + " cert-manager or your CA>."));
    }
    if (generatesInternalCertificates(values)) {
      violations.add(
          violation(
              "internalTLS.certSource",
              "internalTLS.certSource is "
                  + Echo.quoted(values.text("internalTLS.certSource"))
                  + " with internalTLS.enabled: chart "
                  + chart.version()
                  + " signs the certificates of "
                  + String.join(", ", chart.internalTlsComponents())
                  + " with a new 365-day CA at every render; a year after the last upgrade the"
                  + " components refuse each other's connections",
              "--set internalTLS.certSource=secret and internalTLS.<component>.secretName=<Secret"
                  + " with ca.crt, tls.crt and tls.key> for "
                  + String.join(", ", chart.internalTlsComponents())
                  + "."));
    }
    return violations;
  }

  /** Whether the chart renders its own ingress or nginx certificate for these values. */
  public static boolean generatesExposeCertificate(HarborValues values) {
    HarborChart chart = values.chart();
    if (values.isSet("expose.tls.enabled") && !values.flag("expose.tls.enabled")) {
      return false;
    }
    if (chart.exposesRoute() && "route".equals(values.text("expose.type"))) {
      return false;
    }
    return chart.hasExposeCertSource()
        ? "auto".equals(values.text("expose.tls.certSource"))
        : !values.isSet("expose.tls.secretName");
  }

  /** Whether the chart renders its own internal TLS certificates for these values. */
  public static boolean generatesInternalCertificates(HarborValues values) {
    return values.chart().hasInternalTls()
        && values.flag("internalTLS.enabled")
        && "auto".equals(values.text("internalTLS.certSource"));
  }
}
