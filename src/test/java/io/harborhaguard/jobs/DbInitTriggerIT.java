package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.LogCapture;
import io.harborhaguard.testing.PodRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The trigger against the CRUD mock API server, with release Secrets as Helm writes them. */
@EnableKubernetesMockClient(crud = true)
class DbInitTriggerIT {

  static KubernetesClient client;

  private static final DbInitTrigger.Template TEMPLATE =
      new DbInitTrigger.Template(
          "harbor-ha-guard:test", "harbor-ha-guard-db-init", List.of("--create-role"));

  private static Secret release(String namespace, String caseName, String status, int revision)
      throws Exception {
    return release(namespace, namespace, caseName, status, revision);
  }

  /** A record in a Secret of {@code namespace} whose JSON claims {@code claimed} (may be ""). */
  private static Secret release(
      String namespace, String claimed, String caseName, String status, int revision)
      throws Exception {
    ObjectNode json = Fixtures.releaseJson("v1.19.1", caseName);
    json.put("namespace", claimed);
    ((ObjectNode) json.get("info")).put("status", status);
    json.put("version", revision);
    return new SecretBuilder()
        .withNewMetadata()
        .withName("sh.helm.release.v1.harbor.v" + revision)
        .withNamespace(namespace)
        .withLabels(
            Map.of(
                "owner",
                "helm",
                "name",
                "harbor",
                "status",
                status,
                "version",
                String.valueOf(revision)))
        .endMetadata()
        .withType("helm.sh/release.v1")
        .addToData("release", Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(json)))
        .build();
  }

  /** The same record as Helm's ConfigMap driver (HELM_DRIVER=configmap) stores it. */
  private static ConfigMap configMapRelease(
      String namespace, String caseName, String status, int revision) throws Exception {
    Secret secret = release(namespace, caseName, status, revision);
    byte[] stored = Base64.getDecoder().decode(secret.getData().get("release"));
    return new ConfigMapBuilder()
        .withMetadata(secret.getMetadata())
        .addToData("release", new String(stored, StandardCharsets.US_ASCII))
        .build();
  }

  private static List<Job> jobs(String namespace) {
    return client.batch().v1().jobs().inNamespace(namespace).list().getItems();
  }

  @Test
  void createsOneJobPerReleaseAndDatabaseSettingsWhateverTheDeliveries() throws Exception {
    DbInitTrigger first = new DbInitTrigger(client, TEMPLATE, new ReleaseDecoder());
    DbInitTrigger second =
        new DbInitTrigger(client, TEMPLATE, new ReleaseDecoder()); // another guard replica
    Secret pending = release("team-a", "ha-ok", "pending-install", 1);

    String name = first.ensureJob(pending).orElseThrow();
    assertThat(second.ensureJob(pending)).contains(name);
    assertThat(first.ensureJob(release("team-a", "ha-ok", "deployed", 1))).contains(name);

    List<Job> jobs = jobs("team-a");
    assertThat(jobs).hasSize(1);
    Job job = jobs.get(0);
    assertThat(name).startsWith("harbor-db-init-harbor-").hasSizeLessThanOrEqualTo(63);
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly(
            "job", "db-init", "--release", "harbor", "--namespace", "team-a", "--create-role");
    assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("harbor-ha-guard-db-init");
  }

  @Test
  void changedDatabaseSettingsGetANewJob() throws Exception {
    DbInitTrigger trigger = new DbInitTrigger(client, TEMPLATE, new ReleaseDecoder());
    String before =
        trigger.ensureJob(release("team-b", "ha-ok", "pending-install", 1)).orElseThrow();
    Secret upgrade = release("team-b", "ha-ok", "pending-upgrade", 2);
    ObjectNode json = Fixtures.releaseJson("v1.19.1", "ha-ok");
    json.put("namespace", "team-b");
    json.put("version", 2);
    ((ObjectNode) json.get("info")).put("status", "pending-upgrade");
    Fixtures.set((ObjectNode) json.get("config"), "database.external.coreDatabase", "harbor_core");
    upgrade.getData().put("release", Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(json)));
    String after = trigger.ensureJob(upgrade).orElseThrow();
    assertThat(after).isNotEqualTo(before);
    assertThat(jobs("team-b")).hasSize(2);
  }

  @Test
  void releasesThatNeedNoDatabaseWorkGetNoJob() throws Exception {
    DbInitTrigger trigger = new DbInitTrigger(client, TEMPLATE, new ReleaseDecoder());
    assertThat(trigger.ensureJob(release("team-c", "v-internal-db", "pending-install", 1)))
        .isEmpty();
    assertThat(trigger.ensureJob(release("team-c", "ha-ok", "superseded", 1))).isEmpty();
    assertThat(trigger.ensureJob(release("team-c", "ha-ok", "failed", 1))).isEmpty();
    assertThat(jobs("team-c")).isEmpty();
  }

  @Test
  void theInformerCreatesTheJobWhenHelmWritesTheRecord() throws Exception {
    DbInitTrigger trigger = new DbInitTrigger(client, TEMPLATE, new ReleaseDecoder());
    trigger.start();
    try {
      client
          .secrets()
          .inNamespace("team-d")
          .resource(release("team-d", "ha-ok", "pending-install", 1))
          .create();
      await("the Job in team-d")
          .atMost(Duration.ofSeconds(10))
          .until(() -> !jobs("team-d").isEmpty());
      assertThat(jobs("team-d")).hasSize(1);
    } finally {
      trigger.stop();
    }
  }

  @Test
  void theJobIsHardenedLikeTheGuardsDeployment() throws Exception {
    DbInitTrigger trigger = new DbInitTrigger(client, TEMPLATE, new ReleaseDecoder());
    trigger.ensureJob(release("team-h", "ha-ok", "pending-install", 1)).orElseThrow();
    PodRules.assertHardened("db-init Job", jobs("team-h").get(0).getSpec().getTemplate().getSpec());
  }

  @Test
  void forgedRecordsGetNoJobAnywhere() throws Exception {
    List<String> outcomes = new ArrayList<>();
    DbInitTrigger trigger =
        new DbInitTrigger(client, TEMPLATE, new ReleaseDecoder()).onOutcome(outcomes::add);
    Secret otherNamespace = release("tenant-x", "kube-system", "ha-ok", "pending-install", 1);
    Secret relabelled = release("tenant-x", "ha-ok", "pending-install", 1);
    relabelled.getMetadata().getLabels().put("version", "7");
    Secret renamed = release("tenant-x", "ha-ok", "pending-install", 1);
    renamed.getMetadata().setName("sh.helm.release.v1.other.v1");

    for (Secret forged : List.of(otherNamespace, relabelled, renamed)) {
      assertThat(trigger.ensureJob(forged)).isEmpty();
    }
    assertThat(outcomes).containsExactly("refused", "refused", "refused");
    assertThat(jobs("kube-system")).isEmpty();
    assertThat(jobs("tenant-x")).isEmpty();
  }

  @Test
  void aRecordWithoutANamespaceGetsItsJobInTheSecretsNamespace() throws Exception {
    DbInitTrigger trigger = new DbInitTrigger(client, TEMPLATE, new ReleaseDecoder());
    trigger.ensureJob(release("team-n", "", "ha-ok", "pending-install", 1)).orElseThrow();
    assertThat(jobs("team-n")).hasSize(1);
    assertThat(
            jobs("team-n")
                .get(0)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs())
        .containsSequence("--namespace", "team-n");
  }

  @Test
  void jobCreationIsOnePerRevisionRateLimitedAndCapped() throws Exception {
    AtomicLong now = new AtomicLong();
    List<String> outcomes = new ArrayList<>();
    DbInitTrigger trigger =
        new DbInitTrigger(client, TEMPLATE, new ReleaseDecoder())
            .withBudget(new JobBudget(2, 3, now::get))
            .onOutcome(outcomes::add);

    Secret first = withCoreDatabase(release("team-r", "ha-ok", "pending-install", 1), "db1", 1);
    trigger.ensureJob(first).orElseThrow();
    trigger.ensureJob(first).orElseThrow(); // the same revision again: no second create
    trigger.ensureJob(withCoreDatabase(release("team-r", "ha-ok", "pending-upgrade", 2), "db2", 2));
    assertThat(
            trigger.ensureJob(
                withCoreDatabase(release("team-r", "ha-ok", "pending-upgrade", 3), "db3", 3)))
        .isEmpty();
    assertThat(outcomes).containsExactly("created", "created", "limited");

    now.addAndGet(Duration.ofMinutes(1).toNanos());
    trigger.ensureJob(withCoreDatabase(release("team-r", "ha-ok", "pending-upgrade", 3), "db3", 3));
    assertThat(
            trigger.ensureJob(
                withCoreDatabase(release("team-r", "ha-ok", "pending-upgrade", 4), "db4", 4)))
        .isEmpty();
    assertThat(outcomes).containsExactly("created", "created", "limited", "created", "limited");
    assertThat(jobs("team-r")).hasSize(3);
  }

  private static Secret withCoreDatabase(Secret secret, String database, int revision)
      throws Exception {
    ObjectNode json = Fixtures.releaseJson("v1.19.1", "ha-ok");
    json.put("namespace", secret.getMetadata().getNamespace());
    json.put("version", revision);
    ((ObjectNode) json.get("info")).put("status", secret.getMetadata().getLabels().get("status"));
    Fixtures.set((ObjectNode) json.get("config"), "database.external.coreDatabase", database);
    secret.getData().put("release", Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(json)));
    return secret;
  }

  @Test
  void theNewestRecordIsTheNewestDecodedRevisionOfAnAuthenticRecord() throws Exception {
    client
        .secrets()
        .inNamespace("team-l")
        .resource(release("team-l", "ha-ok", "deployed", 2))
        .create();
    Secret forged = release("team-l", "ha-ok", "deployed", 3);
    forged.getMetadata().getLabels().put("version", "99");
    forged.getMetadata().setName("sh.helm.release.v1.harbor.v99");
    client.secrets().inNamespace("team-l").resource(forged).create();

    assertThat(HelmReleases.latest(client, new ReleaseDecoder(), "team-l", "harbor"))
        .map(r -> r.revision())
        .contains(2);
  }

  /**
   * A release installed with Helm's ConfigMap driver gets its Job from the trigger's informer, and
   * db-init's own lookup of the release finds the record there.
   */
  @Test
  void releasesOfHelmsConfigMapDriverGetTheirJob() throws Exception {
    String namespace = "team-cm";
    DbInitTrigger trigger =
        new DbInitTrigger(client, TEMPLATE, new ReleaseDecoder()).inNamespaces(List.of(namespace));
    trigger.start();
    try {
      client
          .configMaps()
          .inNamespace(namespace)
          .resource(configMapRelease(namespace, "ha-ok", "pending-install", 1))
          .create();
      await("the Job").atMost(Duration.ofSeconds(10)).until(() -> !jobs(namespace).isEmpty());
      assertThat(jobs(namespace)).hasSize(1);
    } finally {
      trigger.stop();
    }
    assertThat(HelmReleases.latest(client, new ReleaseDecoder(), namespace, "harbor"))
        .map(r -> r.revision())
        .contains(1);
  }

  /**
   * A thousand release records of another chart beside one Harbor release with three deployed
   * revisions and a record that cannot be read: the informer's store holds metadata only, the
   * Harbor release gets one Job (its newest revision's), and the bad record one log line.
   */
  @Test
  void manyRecordsCostTheirMetadataAndOnlyTheNewestRevisionIsRead() throws Exception {
    String namespace = "team-many";
    ObjectNode other = Fixtures.releaseJson("v1.19.1", "ha-ok");
    Fixtures.asOtherChart(other);
    String otherData = Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(other));
    for (int i = 0; i < 1_000; i++) {
      Secret record = release(namespace, "ha-ok", "deployed", 1);
      record.getMetadata().setName("sh.helm.release.v1.app" + i + ".v1");
      record.getMetadata().getLabels().put("name", "app" + i);
      record.getData().put("release", otherData);
      client.secrets().inNamespace(namespace).resource(record).create();
    }
    for (int revision = 1; revision <= 3; revision++) {
      client
          .secrets()
          .inNamespace(namespace)
          .resource(
              withCoreDatabase(
                  release(namespace, "ha-ok", "deployed", revision), "core" + revision, revision))
          .create();
    }
    Secret broken = release(namespace, "ha-ok", "deployed", 1);
    broken.getMetadata().setName("sh.helm.release.v1.broken.v1");
    broken.getMetadata().getLabels().put("name", "broken");
    broken.getData().put("release", Fixtures.base64("not a record".getBytes()));
    client.secrets().inNamespace(namespace).resource(broken).create();

    LogCapture log = LogCapture.install();
    DbInitTrigger trigger =
        new DbInitTrigger(client, TEMPLATE, new ReleaseDecoder()).inNamespaces(List.of(namespace));
    trigger.start();
    try {
      await("every Secret stored")
          .atMost(Duration.ofSeconds(20))
          .until(() -> trigger.stored().size() >= 1_004);
      await("the Job").atMost(Duration.ofSeconds(10)).until(() -> !jobs(namespace).isEmpty());
      assertThat(trigger.stored()).hasSize(1_004);
      assertThat(
              trigger.stored().stream()
                  .map(Secret.class::cast)
                  .filter(s -> s.getData() != null && !s.getData().isEmpty()))
          .as("stored Secrets that keep their data")
          .isEmpty();
      List<Job> jobs = jobs(namespace);
      assertThat(jobs).hasSize(1);
      assertThat(jobs.get(0).getMetadata().getName())
          .isEqualTo(
              trigger
                  .ensureJob(
                      withCoreDatabase(release(namespace, "ha-ok", "deployed", 3), "core3", 3))
                  .orElseThrow());
      Secret stored =
          client.secrets().inNamespace(namespace).withName(broken.getMetadata().getName()).get();
      trigger.ensureJob(stored); // the same version again: remembered, not read or logged
      assertThat(log.lines().stream().filter(line -> line.contains("broken.v1")))
          .as("one line for the bad record")
          .hasSize(1);
    } finally {
      trigger.stop();
      log.uninstall();
    }
  }
}
