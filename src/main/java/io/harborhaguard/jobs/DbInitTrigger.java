package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.harborhaguard.consistency.Fingerprints;
import io.harborhaguard.helm.HarborValues;
import io.harborhaguard.helm.HelmRelease;
import io.harborhaguard.helm.ReleaseDecodeException;
import io.harborhaguard.helm.ReleaseDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Watches Helm release Secrets and makes sure a db-init Job exists for every Harbor release with an
 * external database that reached pending-install, pending-upgrade or deployed. The Job name derives
 * from the release and a hash of its database settings, so re-delivered events and two guard
 * replicas create it once ({@code AlreadyExists} is success).
 */
public class DbInitTrigger {

  private static final Logger LOG = Logger.getLogger(DbInitTrigger.class);
  static final Set<String> TRIGGERING = Set.of("pending-install", "pending-upgrade", "deployed");

  /**
   * How the Job runs: the guard's image, a ServiceAccount in the release's namespace, extra args.
   */
  public record Template(String image, String serviceAccount, List<String> extraArgs) {}

  private final KubernetesClient client;
  private final Template template;
  private Consumer<String> outcomes = outcome -> {};
  private final ReleaseDecoder decoder;
  private final List<SharedIndexInformer<Secret>> informers = new ArrayList<>();
  private List<String> namespaces = List.of();

  public DbInitTrigger(KubernetesClient client, Template template, ReleaseDecoder decoder) {
    this.client = client;
    this.template = template;
    this.decoder = decoder;
  }

  /** Receives "created", "exists" or "failed" for every Job the trigger ensures (metrics). */
  public DbInitTrigger onOutcome(Consumer<String> listener) {
    this.outcomes = listener;
    return this;
  }

  /** Watches only these namespaces' release records (namespaced RBAC); empty: every one. */
  public DbInitTrigger inNamespaces(List<String> namespaces) {
    this.namespaces = List.copyOf(namespaces);
    return this;
  }

  public void start() {
    if (namespaces.isEmpty()) {
      informers.add(
          client.secrets().inAnyNamespace().withLabel("owner", "helm").inform(handler(), 0));
    } else {
      for (String namespace : namespaces) {
        informers.add(
            client
                .secrets()
                .inNamespace(namespace)
                .withLabel("owner", "helm")
                .inform(handler(), 0));
      }
    }
  }

  private ResourceEventHandler<Secret> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Secret secret) {
        ensureJob(secret);
      }

      @Override
      public void onUpdate(Secret old, Secret secret) {
        ensureJob(secret);
      }

      @Override
      public void onDelete(Secret secret, boolean unknownFinalState) {
        // a deleted release needs no database work; db-init never drops anything
      }
    };
  }

  public void stop() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
  }

  /** The Job for this release Secret, created if needed; empty when it needs none. */
  public Optional<String> ensureJob(Secret secret) {
    Optional<HelmRelease> release = harborRelease(secret);
    if (release.isEmpty()) {
      return Optional.empty();
    }
    DbInitPlan plan;
    try {
      plan = DbInitPlan.of(HarborValues.of(release.get()));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // internal database, or names db-init refuses (the job would too)
    }
    Job job = job(release.get(), plan);
    String namespace =
        release.get().namespace().isEmpty()
            ? secret.getMetadata().getNamespace()
            : release.get().namespace();
    try {
      client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
      outcomes.accept("created");
      LOG.infof(
          "created Job %s/%s for release %s",
          namespace, job.getMetadata().getName(), release.get().qualifiedName());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        outcomes.accept("exists");
      } else {
        outcomes.accept("failed");
        LOG.warnf(
            "cannot create Job %s/%s: HTTP %d %s",
            namespace,
            job.getMetadata().getName(),
            e.getCode(),
            e.getStatus() == null ? "" : e.getStatus().getMessage());
        return Optional.empty();
      }
    }
    return Optional.of(job.getMetadata().getName());
  }

  private Optional<HelmRelease> harborRelease(Secret secret) {
    if (!ReleaseDecoder.RELEASE_SECRET_TYPE.equals(secret.getType())) {
      return Optional.empty();
    }
    Map<String, String> labels =
        secret.getMetadata().getLabels() == null ? Map.of() : secret.getMetadata().getLabels();
    if (labels.containsKey("status") && !TRIGGERING.contains(labels.get("status"))) {
      return Optional.empty();
    }
    try {
      HelmRelease release = decoder.decodeSecret(secret);
      return release.isHarbor() && TRIGGERING.contains(release.status())
          ? Optional.of(release)
          : Optional.empty();
    } catch (ReleaseDecodeException e) {
      return Optional.empty();
    }
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

  private Job job(HelmRelease release, DbInitPlan plan) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "job", "db-init", "--release", release.name(), "--namespace", release.namespace()));
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
        .addNewContainer()
        .withName("db-init")
        .withImage(template.image())
        .withArgs(args)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
