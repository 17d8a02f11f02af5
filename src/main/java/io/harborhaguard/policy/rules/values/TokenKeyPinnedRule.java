package io.harborhaguard.policy.rules.values;

import io.harborhaguard.helm.chart.BitnamiChart;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.List;

public class TokenKeyPinnedRule implements ValuesRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-TOKEN-KEY-PINNED",
          "the token signing key is pinned (core.secretName or core.tokenKey/core.tokenCert)",
          "Core signs and verifies registry tokens with one RSA key. Charts 1.3.17+, 1.9.6+,"
              + " 1.10.4+ and 1.11.1+ generate a new key on every install and upgrade, so tokens from"
              + " one core or one install are rejected by another; older charts ship one static key"
              + " that every Harbor installed from them shares, which is insecure.",
          "core.secretName from 1.1.0; charts 1.3.17+, 1.9.6+, 1.10.4+, 1.11.1+ generate a key per render (and take core.tokenKey/core.tokenCert); earlier 1.1-1.11 charts fall back to a key shipped in the chart; 1.0.x cannot pin",
          Scope.VALUES,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    HarborChart chart = values.chart();
    if (!chart.hasCoreSecretName()) {
      return List.of(
          violation(
              "",
              "chart "
                  + chart.version()
                  + " generates a new token key on every render and has"
                  + " no value to pin it",
              "upgrade to chart 1.1.0 or later and set core.secretName."));
    }
    if (values.isSet("core.secretName")
        || (chart.hasTokenKeyValues()
            && values.isSet("core.tokenKey")
            && values.isSet("core.tokenCert"))) {
      return List.of();
    }
    String why =
        chart.generatesTokenKeyPerRender()
            ? "chart "
                + chart.version()
                + " generates a new token key on every install and"
                + " upgrade (no lookup keeps it), so tokens issued before an upgrade, and by the"
                + " cores of another install behind the same load balancer, are rejected"
            : "chart "
                + chart.version()
                + " falls back to the token key shipped inside the"
                + " chart, identical in every Harbor installed from it (insecure)";
    String alternative =
        chart.hasTokenKeyValues() ? ", or set core.tokenKey and core.tokenCert" : "";
    return List.of(
        violation(
            "core.secretName",
            "core.secretName is empty: " + why,
            "--set core.secretName=<Secret with tls.key and tls.crt, the same in every member of"
                + " the HA group>"
                + alternative
                + "."));
  }

  /**
   * Bitnami's chart signs tokens with the key of the Secret {@code core.secretName} names, or with
   * {@code core.tokenKey}/{@code core.tokenCert} (16.4.0 and later); otherwise it generates a token
   * CA for the install.
   */
  @Override
  public List<Violation> checkBitnami(HarborValues values, PolicySettings settings) {
    BitnamiChart chart = values.chart().bitnami();
    if (!chart.has("core.secretName")) {
      return List.of(notJudged(values, "it has no core.secretName to set"));
    }
    boolean tokenValues = chart.has("core.tokenKey") && chart.has("core.tokenCert");
    if (values.isSet("core.secretName")
        || (tokenValues && values.isSet("core.tokenKey") && values.isSet("core.tokenCert"))) {
      return List.of();
    }
    return List.of(
        violation(
            "core.secretName",
            "core.secretName is empty: the chart generates a token key for this install, so the"
                + " cores of another install behind the same load balancer (an HA group member, a"
                + " standby site) and every render without a cluster (helm template, Argo CD)"
                + " reject its tokens",
            "--set core.secretName=<Secret with tls.key and tls.crt, the same in every member of"
                + " the HA group>"
                + (tokenValues ? ", or set core.tokenKey and core.tokenCert" : "")
                + "."));
  }
}
