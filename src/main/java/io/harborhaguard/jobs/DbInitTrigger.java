package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.harborhaguard.hagroup.Fingerprints;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.helm.values.HarborValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Watches Helm release records (Secrets, and ConfigMaps of Helm's ConfigMap driver) and makes sure
 * a db-init Job exists for every Harbor release with an external database that reached
 * pending-install, pending-upgrade or deployed. The Job name derives from the release and a hash of
 * its database settings, so re-delivered events and two guard replicas create it once ({@code
 * AlreadyExists} is success).
 */
public class DbInitTrigger {

  private static final Logger LOG = Logger.getLogger(DbInitTrigger.class);
  static final Set<String> TRIGGERING = Set.of("pending-install", "pending-upgrade", "deployed");
  private static final String RELEASE_INDEX = "release";
  private static final long PAGE = 50;

  /**
   * How the Job runs: the guard's image, a ServiceAccount in the release's namespace, extra args.
   */
  public record Template(String image, String serviceAccount, List<String> extraArgs) {}

  private final KubernetesClient client;
  private final Template template;
  private Consumer<String> outcomes = outcome -> {};
  private final ReleaseDecoder decoder;
  private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
  private final UnreadableRecords unreadable = new UnreadableRecords();
  private JobBudget budget = JobBudget.standard();
  private List<String> namespaces = List.of();

  public DbInitTrigger(KubernetesClient client, Template template, ReleaseDecoder decoder) {
    this.client = client;
    this.template = template;
    this.decoder = decoder;
  }

  /**
   * Receives "created", "exists", "failed", "limited" (over the budget) or "refused" (a forged
   * record) for every Job the trigger ensures (metrics).
   */
  public DbInitTrigger onOutcome(Consumer<String> listener) {
    this.outcomes = listener;
    return this;
  }

  /** Watches only these namespaces' release records (namespaced RBAC); empty: every one. */
  public DbInitTrigger inNamespaces(List<String> namespaces) {
    this.namespaces = List.copyOf(namespaces);
    return this;
  }

  /**
   * Two informers per watched scope (the cluster, or each namespace), over the records Helm labels
   * {@code owner=helm}: in Secrets (Helm's default driver) and in ConfigMaps (its ConfigMap
   * driver). Their stores keep only each object's labels, uid and type (fabric8's reduced-state
   * store), never the record: thousands of release records cost their metadata. The first list is
   * read in pages.
   */
  public void start() {
    if (namespaces.isEmpty()) {
      informers.add(inform(client.secrets().inAnyNamespace(), Secret.class, "type"));
      informers.add(inform(client.configMaps().inAnyNamespace(), ConfigMap.class));
    } else {
      for (String namespace : namespaces) {
        informers.add(inform(client.secrets().inNamespace(namespace), Secret.class, "type"));
        informers.add(inform(client.configMaps().inNamespace(namespace), ConfigMap.class));
      }
    }
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>>
      SharedIndexInformer<T> inform(
          FilterWatchListDeletable<T, L, ? extends Resource<T>> records,
          Class<T> type,
          String... keptFields) {
    SharedIndexInformer<T> informer =
        records
            .withLabel("owner", "helm")
            .withIndexers(Map.of(RELEASE_INDEX, record -> List.of(releaseKey(record))))
            .withLimit(PAGE)
            .runnableInformer(0);
    List<String> kept = new ArrayList<>(List.of("metadata.labels", "metadata.uid"));
    kept.addAll(List.of(keptFields));
    informer.itemStore(
        new ReducedStateItemStore<>(
            ReducedStateItemStore.NAME_KEY_STATE,
            type,
            client.getKubernetesSerialization(),
            kept.toArray(String[]::new)));
    informer.addEventHandler(handler(informer));
    informer.start();
    return informer;
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(SharedIndexInformer<T> informer) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T record) {
        ensureNewest(record, informer);
      }

      @Override
      public void onUpdate(T old, T record) {
        ensureNewest(record, informer);
      }

      @Override
      public void onDelete(T record, boolean unknownFinalState) {
        // a deleted release needs no database work; db-init never drops anything
      }
    };
  }

  /**
   * Only the newest revision of a release is decoded: an older one (a superseded record, the
   * history Helm keeps) is passed over while a newer record of the same release is in the store and
   * was not found bad.
   */
  private <T extends HasMetadata> void ensureNewest(T record, SharedIndexInformer<T> informer) {
    if (record instanceof ConfigMap && secretDriverHolds(releaseKey(record))) {
      return; // a ConfigMap never stands in for a release the Secret driver holds
    }
    int revision = labelledRevision(record);
    boolean newerExists =
        informer.getIndexer().byIndex(RELEASE_INDEX, releaseKey(record)).stream()
            .anyMatch(
                other ->
                    labelledRevision(other) > revision
                        && TRIGGERING.contains(ReleaseRecords.labels(other).get("status"))
                        && !unreadable.known(other));
    if (!newerExists) {
      ensureJob(record);
    }
  }

  /** A Secret record of this release is in a store: the release is the Secret driver's. */
  private boolean secretDriverHolds(String releaseKey) {
    return informers.stream()
        .flatMap(i -> i.getIndexer().byIndex(RELEASE_INDEX, releaseKey).stream())
        .anyMatch(stored -> stored instanceof Secret && ReleaseRecords.isRecord(stored));
  }

  private static String releaseKey(HasMetadata record) {
    return record.getMetadata().getNamespace()
        + "/"
        + ReleaseRecords.labels(record).getOrDefault("name", "");
  }

  private static int labelledRevision(HasMetadata record) {
    try {
      return Integer.parseInt(ReleaseRecords.labels(record).getOrDefault("version", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The records the informers hold, as stored: metadata (and a Secret's type) only. */
  List<HasMetadata> stored() {
    return informers.stream()
        .flatMap(i -> i.getStore().list().stream())
        .map(HasMetadata.class::cast)
        .toList();
  }

  public void stop() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
  }

  /** Replaces the shipped bounds on Job creation. */
  public DbInitTrigger withBudget(JobBudget budget) {
    this.budget = budget;
    return this;
  }

  /**
   * The Job for this release record (a Secret or a ConfigMap), created if needed, in the record's
   * own namespace; empty when it needs none, or when the record is forged or over the budget.
   */
  public Optional<String> ensureJob(HasMetadata stored) {
    Optional<ReleaseRecords.Authentic> record = harborRelease(stored);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    HelmRelease release = record.get().release();
    String namespace = record.get().namespace();
    String revisionKey = namespace + "/" + release.name() + "/" + release.revision();
    Optional<String> known = budget.jobFor(revisionKey);
    if (known.isPresent()) {
      return known;
    }
    Optional<DbInitPlan> plan = plan(release, namespace);
    if (plan.isEmpty()) {
      return Optional.empty();
    }
    Job job = job(release, namespace, plan.get());
    Optional<String> limited = budget.take(namespace);
    if (limited.isPresent()) {
      outcomes.accept("limited");
      LOG.warnf("no db-init Job for release %s/%s: %s", namespace, release.name(), limited.get());
      return Optional.empty();
    }
    if (!create(namespace, job, release)) {
      return Optional.empty();
    }
    budget.remember(revisionKey, job.getMetadata().getName());
    return Optional.of(job.getMetadata().getName());
  }

  /** The release's database work; empty for an internal database or settings db-init refuses. */
  private Optional<DbInitPlan> plan(HelmRelease release, String namespace) {
    HarborValues values = HarborValues.of(release);
    try {
      return Optional.of(DbInitPlan.of(values));
    } catch (IllegalArgumentException e) {
      if ("external".equals(values.text("database.type"))) {
        LOG.warnf(
            "no db-init Job for release %s/%s: %s", namespace, release.name(), e.getMessage());
      }
      return Optional.empty();
    }
  }

  private boolean create(String namespace, Job job, HelmRelease release) {
    try {
      client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
      outcomes.accept("created");
      LOG.infof(
          "created Job %s/%s for release %s/%s revision %d",
          namespace, job.getMetadata().getName(), namespace, release.name(), release.revision());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        outcomes.accept("exists");
        return true;
      }
      outcomes.accept("failed");
      LOG.warnf(
          "cannot create Job %s/%s: HTTP %d %s",
          namespace,
          job.getMetadata().getName(),
          e.getCode(),
          e.getStatus() == null ? "" : e.getStatus().getMessage());
      return false;
    }
  }

  private Optional<ReleaseRecords.Authentic> harborRelease(HasMetadata record) {
    Map<String, String> labels = ReleaseRecords.labels(record);
    if (labels.containsKey("status") && !TRIGGERING.contains(labels.get("status"))) {
      return Optional.empty();
    }
    return ReleaseRecords.authentic(
        record,
        decoder,
        unreadable,
        release -> release.isHarbor() && TRIGGERING.contains(release.status()),
        LOG::warn,
        () -> outcomes.accept("refused"));
  }

  /** {@code harbor-db-init-<release>-<hash of the database settings>}, at most 63 characters. */
  static String jobName(HelmRelease release, DbInitPlan plan) {
    String settings =
        plan.host()
            + ":"
            + plan.port()
            + "/"
            + plan.owner()
            + "/"
            + plan.databases()
            + "/"
            + plan.existingSecret().orElse("");
    String hash = Fingerprints.sha256(settings).substring(0, 10);
    String name = release.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String prefix = "harbor-db-init-" + name;
    return (prefix.length() > 52 ? prefix.substring(0, 52) : prefix) + "-" + hash;
  }

  private Job job(HelmRelease release, String namespace, DbInitPlan plan) {
    List<String> args =
        new ArrayList<>(
            List.of("job", "db-init", "--release", release.name(), "--namespace", namespace));
    args.addAll(template.extraArgs());
    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName(release, plan))
        .addToLabels("app.kubernetes.io/managed-by", "harbor-ha-guard")
        .addToLabels("harbor-ha-guard.io/release", release.name())
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(6)
        .withTtlSecondsAfterFinished(86400)
        .withActiveDeadlineSeconds(900L)
        .withNewTemplate()
        .withNewSpec()
        .withServiceAccountName(template.serviceAccount())
        .withRestartPolicy("OnFailure")
        .withSecurityContext(HardenedPod.podSecurity())
        .addNewContainer()
        .withName("db-init")
        .withImage(template.image())
        .withArgs(args)
        .withSecurityContext(HardenedPod.containerSecurity())
        .withResources(HardenedPod.jobResources())
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
