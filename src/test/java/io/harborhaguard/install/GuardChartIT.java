package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.config.GuardConfigTest;
import io.harborhaguard.config.GuardConfigs;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.policy.Exemptions;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.RuleCatalog;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.SecretValues;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * charts/harbor-ha-guard with the real Helm 3.17 and 4.1: it lints, every main combination of
 * values renders an install that holds {@link InstallRules}, the schema refuses typos, and every
 * setting of the guard is reachable from values.
 */
class GuardChartIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The main combinations: certificates x RBAC scope x consistency store, and a namespace. */
  record Combination(String name, String namespace, String values, List<String> expectedKinds) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String POSTGRES_STORE =
      """
      haGroupStore:
        store: postgresql
        postgresql:
          jdbcUrl: jdbc:postgresql://pins.example:5432/guard?sslmode=verify-full
          username: guard
          existingSecret: guard-pins
      """;

  static List<Combination> combinations() {
    List<Combination> all = new ArrayList<>();
    for (String certificates : List.of("selfSigned", "certManager")) {
      for (String scope : List.of("cluster", "namespaced")) {
        for (String store : List.of("kubernetes", "postgresql")) {
          String values =
              "certificates: {source: "
                  + certificates
                  + "}\nrbac: {scope: "
                  + scope
                  + (scope.equals("namespaced") ? ", namespaces: [harbor, harbor-dr]" : "")
                  + "}\n"
                  + (store.equals("postgresql") ? POSTGRES_STORE : "");
          List<String> kinds =
              certificates.equals("selfSigned")
                  ? List.of("Job", "CronJob")
                  : List.of("Certificate", "Issuer");
          String namespace = scope.equals("cluster") ? "harbor-ha-guard" : "platform-guard";
          all.add(
              new Combination(
                  certificates + "/" + scope + "/" + store + " in " + namespace,
                  namespace,
                  values,
                  kinds));
        }
      }
    }
    return all;
  }

  static Stream<Arguments> helmAndCombination() {
    return Stream.of("3", "4").flatMap(h -> combinations().stream().map(c -> Arguments.of(h, c)));
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void helmLintPassesStrictlyWithDefaultsAndEachCombination(String major) throws Exception {
    List<String> valueFiles = new ArrayList<>(List.of(""));
    combinations().forEach(c -> valueFiles.add(c.values()));
    for (String flavour : GuardChart.FLAVOUR_NAMES) {
      valueFiles.add(Files.readString(GuardChart.FLAVOURS.resolve(flavour + ".yaml")));
    }
    for (String values : valueFiles) {
      var file = Files.createTempFile("lint-values", ".yaml");
      Files.writeString(file, values);
      Commands.Result lint =
          GuardChart.helm(
              major,
              List.of("lint", "--strict", GuardChart.CHART.toString(), "-f", file.toString()));
      assertThat(lint.exit()).as(values + "\n" + lint.stdout() + lint.stderr()).isZero();
      assertThat(lint.stdout()).contains("1 chart(s) linted, 0 chart(s) failed");
    }
  }

  @ParameterizedTest(name = "helm {0}: {1}")
  @MethodSource("helmAndCombination")
  void everyCombinationIsLockOutSafe(String major, Combination combination) throws Exception {
    List<JsonNode> objects =
        GuardChart.render(major, combination.namespace(), combination.values());
    InstallRules.assertSafe(GuardChart.models(objects), combination.namespace());
    InstallRules.networkPolicySelectsTheGuard(GuardChart.models(objects), true);
    Set<String> kinds = new TreeSet<>();
    objects.forEach(o -> kinds.add(o.path("kind").asText()));
    assertThat(kinds).containsAll(combination.expectedKinds());
    // the webhooks reach the Service the chart renders, and its pods
    JsonNode service = GuardChart.find(objects, "Service", "harbor-ha-guard");
    JsonNode deployment = GuardChart.find(objects, "Deployment", "harbor-ha-guard");
    assertThat(service.at("/spec/selector"))
        .isEqualTo(deployment.at("/spec/template/metadata/labels"));
    for (String kind : List.of("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")) {
      JsonNode config = GuardChart.find(objects, kind, "harbor-ha-guard");
      for (JsonNode hook : config.path("webhooks")) {
        assertThat(hook.at("/clientConfig/service/name").asText()).isEqualTo("harbor-ha-guard");
      }
      String injected = config.at("/metadata/annotations/cert-manager.io~1inject-ca-from").asText();
      assertThat(injected)
          .isEqualTo(
              kinds.contains("Certificate")
                  ? combination.namespace() + "/harbor-ha-guard-serving"
                  : "");
    }
    if (kinds.contains("Certificate")) {
      assertThat(GuardChart.find(objects, "Certificate", "harbor-ha-guard-serving").toString())
          .contains("harbor-ha-guard." + combination.namespace() + ".svc");
      assertThat(kinds).doesNotContain("Job", "CronJob");
    } else {
      assertThat(
              GuardChart.find(objects, "CronJob", "harbor-ha-guard-cert-rotate")
                  .at("/spec/jobTemplate/spec/template/spec/containers/0/args")
                  .toString())
          .isEqualTo(
              "[\"job\",\"cert-rotate\",\"--namespace\",\"" + combination.namespace() + "\"]");
    }
    String env = deployment.at("/spec/template/spec/containers/0/env").toString();
    if (combination.values().contains("namespaced")) {
      assertThat(env)
          .contains(
              "{\"name\":\"HARBOR_HA_GUARD_WATCH_NAMESPACES\",\"value\":\"harbor,harbor-dr\"}");
      assertThat(objects)
          .filteredOn(o -> o.path("kind").asText().startsWith("Cluster"))
          .extracting(o -> o.at("/metadata/name").asText())
          .doesNotContain("harbor-ha-guard");
      assertThat(objects)
          .filteredOn(o -> o.path("kind").asText().equals("Role"))
          .extracting(o -> o.at("/metadata/namespace").asText())
          .filteredOn(namespace -> !namespace.isEmpty())
          .containsExactlyInAnyOrder("harbor", "harbor-dr");
    } else {
      assertThat(env).doesNotContain("HARBOR_HA_GUARD_WATCH_NAMESPACES");
    }
    Map<String, String> policy = GuardChart.policy(objects);
    if (combination.values().contains("postgresql")) {
      assertThat(policy).containsEntry("harbor-ha-guard.ha-group-store.store", "postgresql");
      assertThat(deployment.at("/spec/template/spec/containers/0/env"))
          .contains(
              JSON.readTree(
                  "{\"name\":\"HARBOR_HA_GUARD_HA_GROUP_STORE_PASSWORD\",\"valueFrom\":{\"secretKeyRef\":"
                      + "{\"key\":\"password\",\"name\":\"guard-pins\"}}}"));
    } else {
      assertThat(policy).doesNotContainKey("harbor-ha-guard.ha-group-store.store");
    }
  }

  /** A typo or a value the guard would refuse at start is refused by Helm, naming the key. */
  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void theSchemaRefusesTyposAndUnsafeValues(String major) throws Exception {
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("policy: {minReplica: 3}", "minReplica");
    refused.put("polcy: {minReplicas: 3}", "polcy");
    refused.put("policy: {modes: {HA-DB-EXTRNAL: warn}}", "HA-DB-EXTRNAL");
    refused.put("policy: {modes: {HA-DB-EXTERNAL: enforced}}", "HA-DB-EXTERNAL");
    refused.put("webhook: {timeoutSeconds: 10}", "timeoutSeconds");
    refused.put("replicas: 1", "replicas");
    refused.put("rbac: {scope: namespaced, namespaces: [Harbor_NS]}", "namespaces");
    refused.put("certificates: {source: vault}", "source");
    refused.put("haGroupStore: {store: etcd}", "store");
    refused.put("consistency: {store: etcd}", "store");
    refused.put("haGroups: {prod: harbor-dc1}", "prod");
    refused.put("audit: {interval: ten minutes}", "interval");
    refused.put("serviceMonitor: {enable: true}", "enable");
    refused.put("settingsSync: {enabled: true, harborNamespace: harbor}", "stolonNamespace");
    refused.put(
        "settingsSync: {enabled: true, harborNamespace: harbor, stolonNamespace: harbor-db,"
            + " redisNamespace: harbor-redis, sslmode: disable}",
        "sslmode");
    refused.put("jobs: {dbInitRbac: {namespaces: [harbor], adminSecret: stolon}}", "adminSecret");
    refused.put("jobs: {manualDbInit: {release: harbor}}", "namespace");
    refused.put(
        "settingsSync: {enabled: true, harborNamespace: harbor, stolonNamespace: harbor-db,"
            + " redisNamespace: harbor-redis, haproxy: {enabled: true, replicas: 0}}",
        "replicas");
    for (var entry : refused.entrySet()) {
      Commands.Result result = GuardChart.template(major, "harbor-ha-guard", entry.getKey());
      assertThat(result.exit()).as(entry.getKey()).isNotZero();
      assertThat(result.stderr())
          .as(entry.getKey())
          .contains("values don't meet the specifications of the schema")
          .contains(entry.getValue());
    }
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void rulesTheSchemaKnowsAreTheCatalogues(String major) throws Exception {
    JsonNode schema = JSON.readTree(GuardChart.CHART.resolve("values.schema.json").toFile());
    Set<String> ids = new TreeSet<>();
    schema
        .at("/properties/policy/properties/modes/propertyNames/enum")
        .forEach(id -> ids.add(id.asText()));
    assertThat(ids)
        .isEqualTo(new TreeSet<>(RuleCatalog.standard().all().stream().map(Rule::id).toList()));
    // exemptions: exactly the rules the guard accepts an exemption for
    Set<String> exemptible =
        new TreeSet<>(
            ids.stream()
                .filter(id -> Exemptions.refusal(RuleCatalog.standard(), id).isEmpty())
                .toList());
    for (String pointer :
        List.of(
            "/properties/policy/properties/exemptions/additionalProperties/propertyNames/enum",
            "/properties/policy/properties/groupExemptions/additionalProperties/propertyNames/enum")) {
      Set<String> listed = new TreeSet<>();
      schema.at(pointer).forEach(id -> listed.add(id.asText()));
      assertThat(listed).as(pointer).isEqualTo(exemptible);
    }
    // YAML 1.1 reads an unquoted off as false: both mean off
    for (String off : List.of("off", "\"off\"")) {
      StringBuilder values = new StringBuilder("policy:\n  modes:\n");
      ids.forEach(id -> values.append("    ").append(id).append(": ").append(off).append('\n'));
      Map<String, String> policy =
          GuardChart.policy(GuardChart.render(major, "g", values.toString()));
      for (String id : ids) {
        assertThat(policy).containsEntry("harbor-ha-guard.mode.\"" + id + "\"", "off");
      }
    }
  }

  /** A values file that still names the store by its name before, consistency, renders the same. */
  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void theStoreUnderItsOldNameRendersTheSame(String major) throws Exception {
    String store =
        """
        :
          store: postgresql
          postgresql:
            jdbcUrl: jdbc:postgresql://pins.example:5432/guard?sslmode=verify-full
            existingSecret: guard-pins
          onFailure: allow
        """;
    List<JsonNode> old = GuardChart.render(major, "g", "consistency" + store);
    assertThat(GuardChart.policy(old))
        .containsEntry("harbor-ha-guard.ha-group-store.store", "postgresql")
        .containsEntry("harbor-ha-guard.ha-group-store.on-failure", "allow");
    assertThat(old).isEqualTo(GuardChart.render(major, "g", "haGroupStore" + store));
  }

  /** The guard settings of docs/configuration.md, each set from values; the guard accepts them. */
  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void everyGuardSettingIsReachableFromValues(String major) throws Exception {
    String values =
        """
        policy:
          minReplicas: 3
          sharedStorageClasses: [cephfs, nfs]
          databaseMaxConnections: {pg.example: 200}
          modes: {HA-REPLICAS: warn, HA-KEY-KNOWN: enforce}
          exemptions:
            harbor-dc1/harbor: {HA-REPLICAS: {reason: 'one node; C:\\x', expires: "2026-12-31"}}
          groupExemptions:
            prod: {HA-DB-EXTERNAL: {reason: lab, expires: "2026-12-31T18:00:00+01:00"}}
        haGroups: {prod: [harbor-dc1, harbor-dc2]}
        haGroupStore:
          store: postgresql
          postgresql:
            jdbcUrl: jdbc:postgresql://pins.example:5432/guard
            username: guard
            existingSecret: guard-pins
            allowUnverifiedTls: true
          timeout: 3s
          onFailure: allow
        jobs:
          trigger: false
          image: registry.example/harbor-ha-guard:0.1.0
          serviceAccount: db-init
          dbInitArgs: [--create-role, --admin-secret=harbor-db/stolon]
        audit: {interval: "0", pause: 100ms, logEveryReview: true, page: false}
        namespaceLookup: {cacheTtl: 10s, timeout: 500ms}
        namespaceOverrides: {loosen: true, exemptions: true}
        harborChartNames: [harbor-ha, my-harbor]
        maxReleaseBytes: 1048576
        reviewThreads: 3
        inflateThreads: 0
        requestReadTimeout: 5s
        reviewDeadline: 2s
        reviewQueue: 16
        certificates: {checkInterval: 5s}
        rbac: {scope: namespaced, namespaces: [harbor-dc1, harbor-dc2]}
        """;
    List<JsonNode> objects = GuardChart.render(major, "harbor-ha-guard", values);
    Map<String, String> settings = new HashMap<>(GuardChart.policy(objects));
    JsonNode env =
        GuardChart.find(objects, "Deployment", "harbor-ha-guard")
            .at("/spec/template/spec/containers/0/env");
    Map<String, String> envNames = new HashMap<>();
    for (String key : GuardConfigTest.documentedKeys()) {
      envNames.put(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), key);
    }
    for (JsonNode variable : env) {
      String key = envNames.get(variable.path("name").asText());
      if (key != null) {
        settings.put(key, variable.has("value") ? variable.path("value").asText() : "from-pod");
      }
    }
    Set<String> reached = new TreeSet<>();
    settings.keySet().stream()
        .map(k -> k.replaceAll("mode\\.\"[A-Z-]+\"", "mode.\"HA-REPLICAS\""))
        .map(k -> k.replaceAll("ha-group\\.\"[a-z0-9-]+\"", "ha-group.\"prod\""))
        .map(
            k ->
                k.replaceAll(
                    "exemption\\.\"[^\"]+\"\\.\"[A-Z-]+\"",
                    k.contains("group-exemption")
                        ? "exemption.\"prod\".\"HA-REPLICAS\""
                        : "exemption.\"harbor/harbor\".\"HA-REPLICAS\""))
        .map(
            k ->
                k.replaceAll(
                    "database-max-connections\\.\"[^\"]+\"",
                    "database-max-connections.\"pg.example\""))
        .forEach(reached::add);
    Set<String> documented = new TreeSet<>(GuardConfigTest.documentedKeys());
    // The chart mounts a serving certificate, so the guard never generates one to keep.
    documented.remove("harbor-ha-guard.tls.generated-dir");
    assertThat(reached).containsAll(documented);

    settings.put("harbor-ha-guard.ha-group-store.password", "from-secret");
    settings.put("harbor-ha-guard.ha-group-store.namespace", "harbor-ha-guard");
    GuardConfig guard =
        GuardConfigs.builder()
            .withValidateUnknown(true)
            .withSources(new PropertiesConfigSource(settings, "chart", 100))
            .build()
            .getConfigMapping(GuardConfig.class);
    assertThat(guard.minReplicas()).isEqualTo(3);
    assertThat(guard.sharedStorageClasses()).contains(Set.of("cephfs", "nfs"));
    assertThat(guard.mode()).containsEntry("HA-KEY-KNOWN", "enforce");
    assertThat(guard.haGroup().get("prod").namespaces())
        .containsExactly("harbor-dc1", "harbor-dc2");
    assertThat(guard.jobs().dbInitArgs())
        .contains(List.of("--create-role", "--admin-secret=harbor-db/stolon"));
    assertThat(guard.watchNamespaces()).contains(List.of("harbor-dc1", "harbor-dc2"));
    assertThat(guard.reviewThreads()).contains(3);
    assertThat(guard.reviewDeadline()).hasSeconds(2);
    assertThat(guard.reviewQueue()).isEqualTo(16);
    assertThat(guard.inflateThreads()).contains(0);
    assertThat(guard.namespaceOverrides().loosen()).isTrue();
    assertThat(guard.namespaceOverrides().exemptions()).isTrue();
    assertThat(guard.exemption().get("harbor-dc1/harbor").get("HA-REPLICAS").reason())
        .contains("one node; C:\\x");
    assertThat(
            io.harborhaguard.policy.PolicyProducer.toSettings(
                    guard, new io.harborhaguard.policy.PolicyEngine(RuleCatalog.standard()))
                .exemptions())
        .extracting(e -> e.release() + " " + e.ruleId() + " " + e.expires())
        .containsExactly(
            "harbor-dc1/harbor HA-REPLICAS 2027-01-01T00:00:00Z",
            "harbor-dc1/* HA-DB-EXTERNAL 2026-12-31T17:00:00Z",
            "harbor-dc2/* HA-DB-EXTERNAL 2026-12-31T17:00:00Z");
    assertThat(guard.audit().logEveryReview()).isTrue();
    assertThat(guard.audit().page()).isFalse();
    assertThat(guard.maxReleaseBytes()).isEqualTo(1048576);
    assertThat(guard.harborChartNames()).containsExactlyInAnyOrder("harbor-ha", "my-harbor");
  }

  /** settings-sync from the chart: its sources named, RBAC only there, the pod hardened. */
  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void settingsSyncLooksOnlyWhereItIsTold(String major) throws Exception {
    List<JsonNode> objects =
        GuardChart.render(
            major,
            "harbor-ha-guard",
            "settingsSync: {enabled: true, harborNamespace: harbor, release: harbor,"
                + " stolonNamespace: harbor-db, redisNamespace: harbor-redis}");
    InstallRules.assertSafe(GuardChart.models(objects), "harbor-ha-guard");
    JsonNode cronJob = GuardChart.find(objects, "CronJob", "harbor-ha-guard-settings-sync");
    assertThat(cronJob.at("/metadata/namespace").asText()).isEqualTo("harbor");
    assertThat(cronJob.at("/spec/jobTemplate/spec/template/spec/containers/0/args").toString())
        .contains("--stolon-namespace=harbor-db")
        .contains("--redis-namespace=harbor-redis")
        .contains("--sslmode=require")
        .contains("--harbor-db-user=harbor");
    assertThat(objects)
        .filteredOn(o -> o.path("kind").asText().equals("Role"))
        .filteredOn(o -> o.at("/metadata/name").asText().startsWith("harbor-ha-guard-settings"))
        .extracting(o -> o.at("/metadata/namespace").asText())
        .containsExactlyInAnyOrder("harbor-db", "harbor-redis", "kube-system", "harbor");
    assertThat(objects)
        .filteredOn(o -> o.path("kind").asText().startsWith("Cluster"))
        .extracting(o -> o.at("/metadata/name").asText())
        .noneMatch(name -> name.contains("settings-sync"));
  }

  /** The defaults are the kustomize install's policy, and no secret ever lands in a ConfigMap. */
  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void defaultsRenderTheShippedPolicyAndNoSecret(String major) throws Exception {
    List<JsonNode> objects = GuardChart.render(major, "harbor-ha-guard", "");
    Map<String, String> policy = GuardChart.policy(objects);
    assertThat(policy).containsEntry("harbor-ha-guard.min-replicas", "2");
    assertThat(policy).containsEntry("harbor-ha-guard.jobs.image", "harbor-ha-guard:0.1.0");
    assertThat(policy.keySet()).noneMatch(k -> k.contains("password"));
    List<JsonNode> withStore = GuardChart.render(major, "harbor-ha-guard", POSTGRES_STORE);
    SecretValues.assertNoneIn("rendered chart", withStore.toString());
    assertThat(GuardChart.policy(withStore).keySet()).noneMatch(k -> k.contains("password"));
  }

  /** The README's example values render an install that holds the install rules. */
  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void theReadmesExampleValuesRender(String major) throws Exception {
    String readme = Files.readString(Launch.HOME.resolve("README.md"));
    String block =
        readme.substring(
            readme.indexOf("<!-- chart-values:begin -->"),
            readme.indexOf("<!-- chart-values:end -->"));
    String values = block.substring(block.indexOf("```yaml\n") + 8, block.lastIndexOf("```"));
    List<JsonNode> objects = GuardChart.render(major, "harbor-ha-guard", values);
    InstallRules.assertSafe(GuardChart.models(objects), "harbor-ha-guard");
    assertThat(GuardChart.policy(objects))
        .containsEntry("harbor-ha-guard.mode.\"HA-KEY-KNOWN\"", "off")
        .containsEntry("harbor-ha-guard.ha-group-store.store", "postgresql");
    assertThat(objects)
        .extracting(o -> o.path("kind").asText())
        .contains("ServiceMonitor", "NetworkPolicy", "Certificate");
  }
}
