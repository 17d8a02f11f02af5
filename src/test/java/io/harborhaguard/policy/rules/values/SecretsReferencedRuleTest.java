package io.harborhaguard.policy.rules.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.chart.ChartReleases;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.lint.Linter;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * HA-SECRETS-REFERENCED over the release fixtures of three chart eras (1.3.19, 1.10.4, 1.19.1) and
 * the defaults of every released chart version, with Secrets held in memory. Real htpasswd lines
 * and kubectl-made manifests: {@code SecretsReferencedLintIT}; the API: {@code
 * SecretsReferencedWebhookIT}.
 */
class SecretsReferencedRuleTest {

  private static final String DB_PASSWORD = "Db-pass-in-secret-1";
  private static final String REGISTRY_PASSWORD = "Registry-pass-in-secret-2";

  private final SecretsReferencedRule rule = new SecretsReferencedRule();

  /** Secrets by name; names asked for are recorded. */
  static final class Secrets implements SecretLookup {
    final Map<String, Map<String, byte[]>> byName = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    Secrets with(String name, String... keysAndValues) {
      Map<String, byte[]> data = new LinkedHashMap<>();
      for (int i = 0; i < keysAndValues.length; i += 2) {
        data.put(keysAndValues[i], keysAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
      }
      byName.put(name, data);
      return this;
    }

    @Override
    public Result find(String name) {
      asked.add(name);
      Map<String, byte[]> data = byName.get(name);
      return data == null ? new Missing() : new Found(data);
    }
  }

  /** No chart version's defaults, and no release fixture, names a Secret: nothing is looked up. */
  @Test
  void noReleasedDefaultsNorFixtureNameASecret() {
    for (ChartReleases.Release release : ChartReleases.shipped().all()) {
      Secrets secrets = new Secrets();
      var checked = rule.check(defaults(release.chart(), c -> {}), secrets);
      assertThat(checked.violations()).as(release.chart().text()).isEmpty();
      assertThat(secrets.asked).as(release.chart().text()).isEmpty();
    }
    for (var c : Fixtures.valuesCases()) {
      Secrets secrets = new Secrets();
      assertThat(rule.check(Fixtures.values(c.tag(), c.name()), secrets).violations()).isEmpty();
      assertThat(secrets.asked).isEmpty();
    }
  }

  /**
   * tag, values key, Secret name it is set to, Secrets present, expected values keys of the
   * findings and a part of the first message ("" for none).
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        // database.external.existingSecret: read from chart 1.10.0, key password
        Arguments.of(
            "v1.19.1",
            "database.external.existingSecret",
            "harbor-db",
            new Secrets().with("harbor-db", "password", DB_PASSWORD),
            List.of(),
            ""),
        Arguments.of(
            "v1.10.4",
            "database.external.existingSecret",
            "harbor-db",
            new Secrets(),
            List.of("database.external.existingSecret"),
            "Secret \"harbor-db\" (named by database.external.existingSecret) does not exist"),
        Arguments.of(
            "v1.19.1",
            "database.external.existingSecret",
            "harbor-db",
            new Secrets().with("harbor-db", "POSTGRES_PASSWORD", DB_PASSWORD),
            List.of("database.external.existingSecret"),
            "has no key password, which chart 1.19.1 reads (its keys: POSTGRES_PASSWORD)"),
        Arguments.of(
            "v1.3.19",
            "database.external.existingSecret",
            "harbor-db",
            new Secrets(),
            List.of(),
            ""),
        // redis: REDIS_PASSWORD; from 1.13.1 read with lookup while rendering
        Arguments.of(
            "v1.10.4",
            "redis.external.existingSecret",
            "harbor-redis",
            new Secrets().with("harbor-redis", "REDIS_PASSWORD", "r"),
            List.of(),
            ""),
        Arguments.of(
            "v1.19.1",
            "redis.external.existingSecret",
            "harbor-redis",
            new Secrets(),
            List.of("redis.external.existingSecret"),
            "reads REDIS_PASSWORD with lookup while rendering"),
        Arguments.of(
            "v1.10.4",
            "redis.external.existingSecret",
            "harbor-redis",
            new Secrets().with("harbor-redis", "REDIS_PASSWORD", ""),
            List.of("redis.external.existingSecret"),
            "has an empty REDIS_PASSWORD"),
        // core.existingSecret from 1.14.0 (key secret); before, not read
        Arguments.of(
            "v1.19.1",
            "core.existingSecret",
            "core-ext",
            new Secrets().with("core-ext", "secret", "0123456789abcdef"),
            List.of(),
            ""),
        Arguments.of(
            "v1.19.1",
            "core.existingSecret",
            "core-ext",
            new Secrets().with("core-ext", "CORE_SECRET", "0123456789abcdef"),
            List.of("core.existingSecret"),
            "has no key secret"),
        Arguments.of("v1.10.4", "core.existingSecret", "core-ext", new Secrets(), List.of(), ""),
        // the CSRF key Secret's key is core.existingXsrfSecretKey, CSRF_KEY by default
        Arguments.of(
            "v1.19.1",
            "core.existingXsrfSecret",
            "xsrf",
            new Secrets().with("xsrf", "CSRF_KEY", "x".repeat(32)),
            List.of(),
            ""),
        // existingSecretSecretKey from 1.10.0, key secretKey
        Arguments.of(
            "v1.10.4",
            "existingSecretSecretKey",
            "enc",
            new Secrets().with("enc", "key", "0123456789abcdef"),
            List.of("existingSecretSecretKey"),
            "has no key secretKey"),
        // caBundleSecretName: ca.crt
        Arguments.of(
            "v1.19.1",
            "caBundleSecretName",
            "corp-ca",
            new Secrets().with("corp-ca", "ca-bundle.crt", "-----BEGIN CERTIFICATE-----"),
            List.of("caBundleSecretName"),
            "has no key ca.crt"),
        Arguments.of(
            "v1.10.4",
            "caBundleSecretName",
            "corp-ca",
            new Secrets().with("corp-ca", "ca.crt", "-----BEGIN CERTIFICATE-----"),
            List.of(),
            ""),
        Arguments.of("v1.3.19", "caBundleSecretName", "corp-ca", new Secrets(), List.of(), ""),
        // registry credentials: both keys, and the htpasswd line verifies the password
        Arguments.of(
            "v1.19.1",
            "registry.credentials.existingSecret",
            "reg-creds",
            new Secrets()
                .with(
                    "reg-creds",
                    "REGISTRY_PASSWD",
                    REGISTRY_PASSWORD,
                    "REGISTRY_HTPASSWD",
                    line("harbor_registry_user", REGISTRY_PASSWORD)),
            List.of(),
            ""),
        Arguments.of(
            "v1.19.1",
            "registry.credentials.existingSecret",
            "reg-creds",
            new Secrets()
                .with(
                    "reg-creds",
                    "REGISTRY_PASSWD",
                    REGISTRY_PASSWORD,
                    "REGISTRY_HTPASSWD",
                    line("harbor_registry_user", "an-older-password")),
            List.of("registry.credentials.existingSecret"),
            "its REGISTRY_HTPASSWD does not verify the password of REGISTRY_PASSWD"),
        Arguments.of(
            "v1.10.4",
            "registry.credentials.existingSecret",
            "reg-creds",
            new Secrets()
                .with(
                    "reg-creds",
                    "REGISTRY_PASSWD",
                    REGISTRY_PASSWORD,
                    "REGISTRY_HTPASSWD",
                    line("admin", REGISTRY_PASSWORD)),
            List.of("registry.credentials.existingSecret"),
            "is for another user than registry.credentials.username"),
        Arguments.of(
            "v1.19.1",
            "registry.credentials.existingSecret",
            "reg-creds",
            new Secrets().with("reg-creds", "REGISTRY_PASSWD", REGISTRY_PASSWORD),
            List.of("registry.credentials.existingSecret"),
            "has no key REGISTRY_HTPASSWD"));
  }

  @ParameterizedTest(name = "{0} {1}={2}: {4}")
  @MethodSource("cases")
  void findsWhatTheSecretsLack(
      String tag, String key, String name, Secrets secrets, List<String> expected, String message) {
    HarborValues values = Fixtures.values(tag, "ha-ok", c -> Fixtures.set(c, key, name));
    var checked = rule.check(values, secrets);
    assertThat(checked.violations()).extracting(Violation::valuesKey).isEqualTo(expected);
    assertThat(checked.unchecked()).isEmpty();
    if (!message.isEmpty()) {
      assertThat(checked.violations().get(0).message()).contains(message);
    }
    for (Violation v : checked.violations()) {
      assertThat(v.remediation()).endsWith(".");
      assertThat(v.message() + v.remediation())
          .doesNotContain(DB_PASSWORD)
          .doesNotContain(REGISTRY_PASSWORD)
          .doesNotContain("$2y$");
    }
  }

  /** Chart 1.10.0 mounts the htpasswd from a Secret literally named by the template text. */
  @Test
  void chart1100MountsTheHtpasswdByTheTemplatesLiteral() {
    Secrets secrets =
        new Secrets()
            .with(
                "reg-creds",
                "REGISTRY_PASSWD",
                REGISTRY_PASSWORD,
                "REGISTRY_HTPASSWD",
                line("harbor_registry_user", REGISTRY_PASSWORD));
    var v1100 =
        rule.check(
            defaults(
                ChartVersion.of(1, 10, 0),
                c -> Fixtures.set(c, "registry.credentials.existingSecret", "reg-creds")),
            secrets);
    assertThat(v1100.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("literally named"));
    var v1101 =
        rule.check(
            defaults(
                ChartVersion.of(1, 10, 1),
                c -> Fixtures.set(c, "registry.credentials.existingSecret", "reg-creds")),
            secrets);
    assertThat(v1101.violations()).isEmpty();
  }

  /**
   * Era boundaries from the harbor-helm templates, on each version's own defaults: the key is read
   * (a missing Secret is a finding) from its first version on, and ignored before.
   */
  @ParameterizedTest(name = "chart {0}: {1} read: {2}")
  @org.junit.jupiter.params.provider.CsvSource({
    "1.4.0, caBundleSecretName, false",
    "1.4.1, caBundleSecretName, true",
    "1.1.6, persistence.imageChartStorage.caBundleSecretName, false",
    "1.2.0, persistence.imageChartStorage.caBundleSecretName, true",
    "1.9.6, existingSecretSecretKey, false",
    "1.10.0, existingSecretSecretKey, true",
    "1.11.4, existingSecretAdminPassword, false",
    "1.12.0, existingSecretAdminPassword, true",
    "1.13.5, core.existingSecret, false",
    "1.14.0, core.existingSecret, true",
    "1.13.5, jobservice.existingSecret, false",
    "1.14.0, jobservice.existingSecret, true",
    "1.19.1, registry.existingSecret, true",
    "1.9.6, registry.credentials.existingSecret, false"
  })
  void eachKeyIsReadFromItsFirstChartVersion(String version, String key, boolean read) {
    Secrets secrets = new Secrets();
    var checked =
        rule.check(defaults(ChartVersion.parse(version), c -> Fixtures.set(c, key, "s1")), secrets);
    assertThat(secrets.asked).isEqualTo(read ? List.of("s1") : List.of());
    assertThat(checked.violations())
        .extracting(Violation::valuesKey)
        .isEqualTo(read ? List.of(key) : List.of());
  }

  /**
   * internalTLS with certSource secret: every component the release runs reads ca.crt, tls.crt and
   * tls.key from its own Secret (1.19.1: core, jobservice, portal, registry, trivy); chart 1.3.19
   * has no internal TLS.
   */
  @Test
  void internalTlsSecretsOfTheComponentsTheReleaseRuns() {
    java.util.function.Consumer<ObjectNode> tls =
        c -> {
          Fixtures.set(c, "internalTLS.enabled", true);
          Fixtures.set(c, "internalTLS.certSource", "secret");
          for (String component : List.of("core", "jobservice", "portal", "registry", "trivy")) {
            Fixtures.set(c, "internalTLS." + component + ".secretName", component + "-tls");
          }
        };
    Secrets secrets = new Secrets();
    for (String component : List.of("core", "jobservice", "portal", "registry")) {
      secrets.with(component + "-tls", "ca.crt", "c", "tls.crt", "t", "tls.key", "k");
    }
    secrets.with("trivy-tls", "tls.crt", "t", "tls.key", "k");
    var checked = rule.check(Fixtures.values("v1.19.1", "ha-ok", tls), secrets);
    assertThat(secrets.asked)
        .containsExactly("core-tls", "jobservice-tls", "portal-tls", "registry-tls", "trivy-tls");
    assertThat(checked.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.valuesKey()).isEqualTo("internalTLS.trivy.secretName");
              assertThat(v.message()).contains("has no key ca.crt");
            });
    Secrets none = new Secrets();
    assertThat(rule.check(Fixtures.values("v1.3.19", "ha-ok", tls), none).violations()).isEmpty();
    assertThat(none.asked).isEmpty();
  }

  /** A key of the wrong type is a finding naming it, never an exception. */
  @Test
  void aValueOfTheWrongTypeIsNamed() {
    HarborValues values =
        Fixtures.values(
            "v1.19.1",
            "ha-ok",
            c -> {
              Fixtures.set(c, "database.external.existingSecret", Map.of("name", "harbor-db"));
              Fixtures.set(c, "core.existingXsrfSecret", "xsrf");
              Fixtures.set(c, "core.existingXsrfSecretKey", 7);
              Fixtures.set(c, "caBundleSecretName", List.of("a", "b"));
            });
    Secrets secrets = new Secrets();
    assertThat(rule.check(values, secrets).violations())
        .extracting(Violation::valuesKey, Violation::message)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "database.external.existingSecret",
                "database.external.existingSecret is a map, not the name of a Secret or its key"),
            org.assertj.core.groups.Tuple.tuple(
                "core.existingXsrfSecretKey",
                "core.existingXsrfSecretKey is a number, not the name of a Secret or its key"),
            org.assertj.core.groups.Tuple.tuple(
                "caBundleSecretName",
                "caBundleSecretName is a list, not the name of a Secret or its key"));
    assertThat(secrets.asked).isEmpty();
  }

  /** A Secret that cannot be looked up is reported as not checked, never as missing. */
  @Test
  void aSecretThatCannotBeLookedUpIsNotChecked() {
    HarborValues values =
        Fixtures.values(
            "v1.19.1", "ha-ok", c -> Fixtures.set(c, "database.external.existingSecret", "db"));
    var checked = rule.check(values, name -> new SecretLookup.Unknown("not given"));
    assertThat(checked.violations()).isEmpty();
    assertThat(checked.unchecked())
        .containsExactly("Secret \"db\" (named by database.external.existingSecret): not given");
    assertThat(rule.cannotCheck("x").advisory()).isTrue();
  }

  /** A bcrypt line as htpasswd -B writes it ($2y$, cost 5), made with Spring's BCrypt. */
  static String line(String user, String password) {
    return user + ":" + BCrypt.hashpw(password, BCrypt.gensalt("$2y", 5)) + "\n";
  }

  private static HarborValues defaults(
      ChartVersion version, java.util.function.Consumer<ObjectNode> edit) {
    ObjectNode user = Fixtures.JSON.createObjectNode();
    edit.accept(user);
    return Linter.merge(
            "defaults-" + version.text(),
            user,
            new Linter.ChartSource(Optional.empty(), Optional.of(version)))
        .values();
  }
}
