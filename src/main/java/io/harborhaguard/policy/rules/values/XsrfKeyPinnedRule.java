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

public class XsrfKeyPinnedRule implements ValuesRule {

  static final int HARBOR2_XSRF_LENGTH = 32;

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-XSRF-PINNED",
          "the CSRF key is pinned (core.xsrfKey or core.existingXsrfSecret)",
          "Every core replica, and every install behind the same load balancer, must share the"
              + " CSRF key; an unset key is generated per render and logins fail at random. Harbor 2.x"
              + " needs exactly 32 characters.",
          "core.xsrfKey from 1.2.4 (1.1.5-1.1.6 and 1.2.2-1.2.3 cannot pin; 1.4.0 ignores it); 32 characters from 1.4.0 (Harbor 2); core.existingXsrfSecret from 1.14.0",
          Scope.VALUES,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  /** What an unset key does in this chart version: the truth differs by era. */
  static String unpinnedEffect(HarborChart chart) {
    if (chart.keepsGeneratedXsrfKey()) {
      return "chart "
          + chart.version()
          + " keeps the CSRF key it generates across upgrades, so the cores of"
          + " this release agree, but another install behind the same load balancer (an HA group"
          + " member, a standby site) has its own key, and a render without a cluster (helm"
          + " template, Argo CD) makes a new one on every sync: logins fail at random across them";
    }
    return "chart "
        + chart.version()
        + " renders a new random CSRF key on every install and upgrade, so"
        + " cores of different renders (during every rollout, and across installs behind one load"
        + " balancer) disagree and logins fail at random";
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    HarborChart chart = values.chart();
    if (!chart.hasXsrfKey()) {
      return chart.hasUnpinnableXsrfKey()
          ? List.of(
              violation(
                  "",
                  "chart "
                      + chart.version()
                      + " renders a random CSRF key on every install and upgrade and has no"
                      + " value to pin it",
                  "upgrade to chart 1.2.4 or later and set core.xsrfKey."))
          : List.of();
    }
    if (chart.ignoresXsrfKey()) {
      return List.of(
          violation(
              "core.xsrfKey",
              "chart 1.4.0 ignores core.xsrfKey and renders a random CSRF key",
              "use chart 1.4.1 or later and set core.xsrfKey."));
    }
    if (chart.hasExistingSecretVariants() && values.isSet("core.existingXsrfSecret")) {
      return List.of();
    }
    if (!values.isSet("core.xsrfKey")) {
      String alternative =
          chart.hasExistingSecretVariants() ? ", or core.existingXsrfSecret=<Secret>" : "";
      return List.of(
          violation(
              "core.xsrfKey",
              "core.xsrfKey is empty: " + unpinnedEffect(chart),
              "--set core.xsrfKey=<"
                  + (chart.isHarbor2() ? HARBOR2_XSRF_LENGTH + " " : "")
                  + "random characters, the same in every member of the HA group>"
                  + alternative
                  + "."));
    }
    int length = values.text("core.xsrfKey").length();
    // A key of the wrong length fails every login on Harbor 2.x, in every era.
    if (chart.isHarbor2() && length != HARBOR2_XSRF_LENGTH) {
      return List.of(
          violation(
              "core.xsrfKey",
              "core.xsrfKey has " + length + " characters; Harbor 2.x needs exactly 32",
              "--set core.xsrfKey=<32 random characters, the same in every member of the HA"
                  + " group>."));
    }
    return List.of();
  }

  /**
   * Bitnami's chart takes the CSRF key as {@code core.csrfKey} (from 6.0.0, Harbor 2: 32
   * characters) or in the Secret {@code core.existingEnvVarsSecret} names (from 16.3.0, key {@code
   * CSRF_KEY}); otherwise it generates one for the install.
   */
  @Override
  public List<Violation> checkBitnami(HarborValues values, PolicySettings settings) {
    BitnamiChart chart = values.chart().bitnami();
    if (!chart.has("core.csrfKey")) {
      return List.of(notJudged(values, "it has no core.csrfKey to set"));
    }
    boolean existing = chart.has("core.existingEnvVarsSecret");
    if (existing && values.isSet("core.existingEnvVarsSecret")) {
      return List.of();
    }
    String remedy =
        "--set core.csrfKey=<32 random characters, the same in every member of the HA group>";
    if (!values.isSet("core.csrfKey")) {
      return List.of(
          violation(
              "core.csrfKey",
              "core.csrfKey is empty: the chart generates a CSRF key for this install, so another"
                  + " install behind the same load balancer (an HA group member, a standby site)"
                  + " and every render without a cluster (helm template, Argo CD) have another"
                  + " key: logins fail at random across them",
              remedy
                  + (existing ? ", or core.existingEnvVarsSecret=<Secret with CSRF_KEY>" : "")
                  + "."));
    }
    int length = values.text("core.csrfKey").length();
    if (length != HARBOR2_XSRF_LENGTH) {
      return List.of(
          violation(
              "core.csrfKey",
              "core.csrfKey has " + length + " characters; Harbor 2.x needs exactly 32",
              remedy + "."));
    }
    return List.of();
  }
}
