package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** Finds Stolon, redis-ha and CoreDNS through the Kubernetes API, by their charts' labels. */
public final class Discovery {

  /** Stolon's proxy Service and whether its superuser Secret {@code stolon} exists. */
  public record Stolon(String namespace, String service, int port, String cluster) {
    public String fqdn() {
      return service + "." + namespace + ".svc.cluster.local";
    }
  }

  /**
   * A redis-ha release: StatefulSet {@code <fullname>-server} behind headless Service {@code
   * <fullname>}.
   */
  public record RedisHa(String namespace, String fullname, int replicas) {
    public List<String> serverFqdns() {
      return IntStream.range(0, replicas)
          .mapToObj(
              i ->
                  fullname
                      + "-server-"
                      + i
                      + "."
                      + fullname
                      + "."
                      + namespace
                      + ".svc.cluster.local")
          .toList();
    }
  }

  private final KubernetesClient client;

  public Discovery(KubernetesClient client) {
    this.client = client;
  }

  public Optional<Stolon> stolon(Optional<String> namespace) {
    List<Service> services =
        namespace.isPresent()
            ? client
                .services()
                .inNamespace(namespace.get())
                .withLabel("component", "stolon-proxy")
                .list()
                .getItems()
            : client
                .services()
                .inAnyNamespace()
                .withLabel("component", "stolon-proxy")
                .list()
                .getItems();
    return services.stream()
        .filter(s -> s.getMetadata().getLabels().containsKey("stolon-cluster"))
        .min(
            Comparator.comparing((Service s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()))
        .map(
            s ->
                new Stolon(
                    s.getMetadata().getNamespace(),
                    s.getMetadata().getName(),
                    s.getSpec().getPorts().isEmpty()
                        ? 5432
                        : s.getSpec().getPorts().get(0).getPort(),
                    s.getMetadata().getLabels().get("stolon-cluster")));
  }

  public Optional<RedisHa> redisHa(Optional<String> namespace) {
    List<StatefulSet> sets =
        namespace.isPresent()
            ? client
                .apps()
                .statefulSets()
                .inNamespace(namespace.get())
                .withLabel("app", "redis-ha")
                .list()
                .getItems()
            : client
                .apps()
                .statefulSets()
                .inAnyNamespace()
                .withLabel("app", "redis-ha")
                .list()
                .getItems();
    return sets.stream()
        .filter(s -> s.getMetadata().getName().endsWith("-server"))
        .min(
            Comparator.comparing((StatefulSet s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()))
        .map(
            s ->
                new RedisHa(
                    s.getMetadata().getNamespace(),
                    s.getMetadata()
                        .getName()
                        .substring(0, s.getMetadata().getName().length() - "-server".length()),
                    s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas()));
  }

  /** The ClusterIP of kube-system/kube-dns (CoreDNS keeps that Service name). */
  public Optional<String> coreDns() {
    Service dns = client.services().inNamespace("kube-system").withName("kube-dns").get();
    return Optional.ofNullable(dns)
        .map(s -> s.getSpec().getClusterIP())
        .filter(ip -> ip != null && !ip.isBlank() && !"None".equals(ip));
  }
}
