package io.harborhaguard.policy.rules;

import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.List;

public class XsrfKeyPinnedRule implements Rule {

  static final int HARBOR2_XSRF_LENGTH = 32;

  @Override
  public String id() {
    return "HA-XSRF-PINNED";
  }

  @Override
  public String title() {
    return "the CSRF key is pinned (core.xsrfKey or core.existingXsrfSecret)";
  }

  @Override
  public String rationale() {
    return "Every core replica, and every install behind the same load balancer, must share the"
        + " CSRF key; an unset key is generated per render and logins fail at random. Harbor 2.x"
        + " needs exactly 32 characters.";
  }

  @Override
  public String eras() {
    return "core.xsrfKey from 1.2.4 (1.1.5-1.1.6 and 1.2.2-1.2.3 cannot pin; 1.4.0 ignores it); 32 characters from 1.4.0 (Harbor 2); core.existingXsrfSecret from 1.14.0";
  }

  @Override
  public Mode defaultMode() {
    return Mode.ENFORCE;
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
}
