package io.harborhaguard.policy.rules;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.List;

public class SecretKeyRule implements Rule {

  static final String CHART_DEFAULT = "not-a-secure-key";
  static final int LENGTH = 16;

  @Override
  public String id() {
    return "HA-SECRET-KEY";
  }

  @Override
  public String title() {
    return "secretKey is set to 16 characters of its own";
  }

  @Override
  public String rationale() {
    return "secretKey encrypts the credentials Harbor stores in its database (replication and"
        + " registry endpoints); every install sharing the database needs the same one, and the"
        + " chart's published default protects nothing.";
  }

  @Override
  public String eras() {
    return "every chart version; existingSecretSecretKey from 1.10.0";
  }

  @Override
  public Mode defaultMode() {
    return Mode.WARN;
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
}
