package io.harborhaguard.policy.rules.values;

import io.harborhaguard.helm.chart.PublishedPasswords;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Passwords left at values anyone can read in the chart, the installer or the Stolon examples.
 * Messages name the key, never the value.
 */
public class DefaultCredentialsRule implements ValuesRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-CREDENTIALS-DEFAULT",
          "no password is left at a published default",
          "The chart's admin password and internal database password, and the example passwords"
              + " of the HA write-ups (Stolon's superuser), are published: an HA install that keeps one"
              + " is open to anyone who reads the chart.",
          "harborAdminPassword in every chart (existingSecretAdminPassword where the chart has"
              + " it); database.internal.password with the internal database;"
              + " database.external.password with an external one",
          Scope.VALUES,
          Mode.WARN,
          "",
          false);

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    List<Violation> violations = new ArrayList<>();
    if (!values.isSet("existingSecretAdminPassword")
        && PublishedPasswords.isChartAdminDefault(values.text("harborAdminPassword"))) {
      violations.add(
          violation(
              "harborAdminPassword",
              "harborAdminPassword is the chart's published default",
              "--set harborAdminPassword=<a password of your own>, or keep it in a Secret"
                  + " (existingSecretAdminPassword, where the chart version has it)."));
    }
    String database = values.text("database.type");
    if ("internal".equals(database)
        && PublishedPasswords.isPublished(values.text("database.internal.password"))) {
      violations.add(
          violation(
              "database.internal.password",
              "database.internal.password is the chart's published default",
              "--set database.internal.password=<a password of your own>."));
    }
    if ("external".equals(database)
        && !values.isSet("database.external.existingSecret")
        && PublishedPasswords.isPublished(values.text("database.external.password"))) {
      violations.add(
          violation(
              "database.external.password",
              "database.external.password is a published example password (the chart's, the"
                  + " installer's or Stolon's)",
              "set a password of your own on the database and --set"
                  + " database.external.password=<it>, or database.external.existingSecret."));
    }
    return violations;
  }
}
