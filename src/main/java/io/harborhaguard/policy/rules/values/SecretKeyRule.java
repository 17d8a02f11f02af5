package io.harborhaguard.policy.rules.values;

import io.harborhaguard.helm.chart.BitnamiChart;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.List;

public class SecretKeyRule implements ValuesRule {

  static final String CHART_DEFAULT = "not-a-secure-key";
  static final int LENGTH = 16;

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-SECRET-KEY",
          "secretKey is set to 16 characters of its own",
          "secretKey encrypts the credentials Harbor stores in its database (replication and"
              + " registry endpoints); every install sharing the database needs the same one, and the"
              + " chart's published default protects nothing.",
          "every chart version; existingSecretSecretKey from 1.10.0",
          Scope.VALUES,
          Mode.WARN,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    if (values.chart().hasExistingSecretSecretKey() && values.isSet("existingSecretSecretKey")) {
      return List.of();
    }
    String secretKey = values.text("secretKey");
    String problem;
    if (secretKey.isEmpty()) {
      problem = "secretKey is empty";
    } else if (CHART_DEFAULT.equals(secretKey)) {
      problem = "secretKey is the chart's published default";
    } else if (secretKey.length() != LENGTH) {
      problem = "secretKey has " + secretKey.length() + " characters; Harbor needs exactly 16";
    } else {
      return List.of();
    }
    String alternative =
        values.chart().hasExistingSecretSecretKey()
            ? ", or existingSecretSecretKey=<Secret with key secretKey>"
            : "";
    return List.of(
        violation(
            "secretKey",
            problem,
            "--set secretKey=<16 random characters, the same on every install sharing the"
                + " database>"
                + alternative
                + "."));
  }

  /**
   * Bitnami's chart takes the key as {@code core.secretKey} (from 6.0.0) or from {@code
   * core.existingSecret} (from 16.3.0); left empty it generates one per install.
   */
  @Override
  public List<Violation> checkBitnami(HarborValues values, PolicySettings settings) {
    BitnamiChart chart = values.chart().bitnami();
    if (!chart.has("core.secretKey")) {
      return List.of(notJudged(values, "it has no core.secretKey to set"));
    }
    boolean existing = chart.has("core.existingSecret");
    if (existing && values.isSet("core.existingSecret")) {
      return List.of();
    }
    String secretKey = values.text("core.secretKey");
    String problem;
    if (secretKey.isEmpty()) {
      problem =
          "core.secretKey is empty: the chart generates one for this install, so installs sharing"
              + " the database cannot read each other's stored credentials";
    } else if (secretKey.length() != LENGTH) {
      problem = "core.secretKey has " + secretKey.length() + " characters; Harbor needs exactly 16";
    } else {
      return List.of();
    }
    return List.of(
        violation(
            "core.secretKey",
            problem,
            "--set core.secretKey=<16 random characters, the same on every install sharing the"
                + " database>"
                + (existing
                    ? ", or core.existingSecret=<Secret laid out as the chart's core Secret>"
                    : "")
                + "."));
  }
}
