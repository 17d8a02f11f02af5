package io.harborhaguard.policy.rules;

import io.harborhaguard.helm.HarborChart;
import io.harborhaguard.helm.HarborValues;
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

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    HarborChart chart = values.chart();
    if (!chart.hasXsrfKey()) {
      return chart.hasUnpinnableXsrfKey()
          ? List.of(
              violation(
                  "core.xsrfKey",
                  "core.xsrfKey does not exist in chart "
                      + chart.version()
                      + ", which renders a random XSRF key with no value to pin it",
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
              "core.xsrfKey is empty: the chart renders a random key per install, so logins"
                  + " fail at random behind a load balancer",
              "--set core.xsrfKey=<"
                  + (chart.isHarbor2() ? HARBOR2_XSRF_LENGTH + " " : "")
                  + "random characters, the same in every member of the HA group>"
                  + alternative
                  + "."));
    }
    int length = values.text("core.xsrfKey").length();
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
