package io.harborhaguard.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.TestRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * lint judges the Secrets a values file names from Secret manifests made by kubectl ({@code create
 * secret generic --dry-run=client -o yaml}), the htpasswd line from Debian's htpasswd; a Secret not
 * given is a note, not a finding.
 */
class SecretsReferencedLintIT {

  static final Path KUBECTL = Path.of(".tools/helm3/kubectl");
  static final String HTPASSWD = "/usr/bin/htpasswd";
  static final String DB_PASSWORD = "Db-pass-in-secret-1";
  static final String REGISTRY_PASSWORD = "Registry-pass-in-secret-2";

  @BeforeAll
  static void toolsAreThere() {
    assertThat(KUBECTL).as("kubectl: run bin/fetch-test-tools").exists();
    assertThat(Path.of(HTPASSWD)).as("htpasswd: run bin/setup-prereqs --test").exists();
  }

  /** {@code kubectl create secret generic NAME --from-literal=K=V ...} as a manifest file. */
  static Path secret(Path dir, String name, String... literals) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(KUBECTL.toString(), "create", "secret", "generic", name));
    for (String literal : literals) {
      command.add("--from-literal=" + literal);
    }
    command.addAll(List.of("--dry-run=client", "-o", "yaml"));
    Path file = dir.resolve(name + ".secret.yaml");
    Files.writeString(file, Commands.ok(command.toArray(String[]::new)));
    return file;
  }

  static String htpasswd(String user, String password) throws Exception {
    return Commands.ok(HTPASSWD, "-nbB", user, password).strip();
  }

  /** lint's two passes over {@code files}: every input read, then each judged. */
  static List<LintResult> lint(List<Path> files) throws Exception {
    ObjectNode chartValues =
        (ObjectNode)
            new YAMLMapper()
                .readTree(
                    Fixtures.harbor()
                        .resolve("v1.19.1")
                        .resolve("chart-default-values.yaml")
                        .toFile());
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(
                Optional.of(chartValues), Optional.of(ChartVersion.parse("1.19.1"))),
            true);
    List<LintInput> inputs = new ArrayList<>();
    for (Path file : files) {
      inputs.add(LintInput.read(file.toString(), Files.readAllBytes(file), new ReleaseDecoder()));
    }
    linter.withSecrets(Linter.secretsAmong(inputs));
    return inputs.stream().map(linter::lint).toList();
  }

  static Path values(Path dir) throws Exception {
    ObjectNode values =
        (ObjectNode)
            new YAMLMapper()
                .readTree(
                    Fixtures.harbor().resolve("v1.19.1").resolve("ha-ok.values.yaml").toFile());
    Fixtures.set(values, "registry.credentials.existingSecret", "reg-creds");
    Fixtures.set(values, "database.external.existingSecret", "harbor-db");
    Fixtures.set(values, "redis.external.existingSecret", "harbor-redis");
    Path file = dir.resolve("harbor.values.yaml");
    new YAMLMapper().writeValue(file.toFile(), values);
    return file;
  }

  @Test
  void secretsGivenBesideTheValuesAreJudgedAndOneNotGivenIsANote() throws Exception {
    Path dir = Files.createTempDirectory("lint-secrets");
    Path good =
        secret(
            dir,
            "reg-creds",
            "REGISTRY_PASSWD=" + REGISTRY_PASSWORD,
            "REGISTRY_HTPASSWD=" + htpasswd("harbor_registry_user", REGISTRY_PASSWORD));
    Path wrongKey = secret(dir, "harbor-db", "POSTGRES_PASSWORD=" + DB_PASSWORD);
    // the Secrets come after the values file: lint reads every input before judging
    List<LintResult> results = lint(List.of(values(dir), good, wrongKey));

    LintResult release = results.get(0);
    assertThat(release.findings())
        .filteredOn(f -> f.ruleId().equals("HA-SECRETS-REFERENCED"))
        .extracting(f -> f.violation().message())
        .containsExactly(
            "Secret \"harbor-db\" (named by database.external.existingSecret) has no key"
                + " password, which chart 1.19.1 reads (its keys: POSTGRES_PASSWORD)");
    assertThat(release.notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith(
                        "HA-SECRETS-REFERENCED did not check Secret \"harbor-redis\" (named by"
                            + " redis.external.existingSecret): not given to lint"));
    assertThat(release.refuses()).as("warn by default").isFalse();
    // a file of Secrets is a note even with --require-harbor, never a value echoed
    assertThat(results.get(1).failed()).isFalse();
    assertThat(results.get(1).notes()).singleElement().asString().contains("\"reg-creds\"");
    assertThat(results.toString())
        .doesNotContain(DB_PASSWORD)
        .doesNotContain(REGISTRY_PASSWORD)
        .doesNotContain("$2y$");
  }

  @Test
  void anHtpasswdLineOfAnotherPasswordIsAFinding() throws Exception {
    Path dir = Files.createTempDirectory("lint-secrets");
    Path stale =
        secret(
            dir,
            "reg-creds",
            "REGISTRY_PASSWD=" + REGISTRY_PASSWORD,
            "REGISTRY_HTPASSWD=" + htpasswd("harbor_registry_user", "the-password-before"));
    Path db = secret(dir, "harbor-db", "password=" + DB_PASSWORD);
    Path redis = secret(dir, "harbor-redis", "REDIS_PASSWORD=r");
    List<LintResult> results = lint(List.of(stale, db, redis, values(dir)));
    assertThat(results.get(3).findings())
        .filteredOn(f -> f.ruleId().equals("HA-SECRETS-REFERENCED"))
        .extracting(f -> f.violation().message())
        .containsExactly(
            "Secret \"reg-creds\" (named by registry.credentials.existingSecret): its"
                + " REGISTRY_HTPASSWD does not verify the password of REGISTRY_PASSWD");
    assertThat(results.get(3).notes()).noneMatch(n -> n.contains("HA-SECRETS-REFERENCED"));
    assertThat(new String(Files.readAllBytes(stale), StandardCharsets.UTF_8))
        .as("kubectl wrote base64 data")
        .contains("REGISTRY_HTPASSWD: ");
  }
}
