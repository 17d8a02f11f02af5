package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Finds Stolon, redis-ha and CoreDNS through the Kubernetes API, by their charts' labels, each in
 * the one namespace the administrator named: a label anyone can set elsewhere counts for nothing.
 */
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

  /** Two or more candidates where one was expected; the message names them all. */
  public static final class Ambiguous extends RuntimeException {
    Ambiguous(String what, String namespace, List<String> candidates) {
      super(
          candidates.size()
              + " "
              + what
              + " in namespace "
              + namespace
              + ": "
              + String.join(", ", candidates)
              + "; expected exactly one (remove the others, or keep Stolon / redis-ha in a"
              + " namespace of their own)");
    }
  }

  /** Stolon's proxy Service in {@code namespace}: exactly one, or none found. */
  public Optional<Stolon> stolon(String namespace) {
    List<Service> services =
        client
            .services()
            .inNamespace(namespace)
            .withLabel("component", "stolon-proxy")
            .withLabel("stolon-cluster")
            .list()
            .getItems();
    return single("Stolon proxy Services (component=stolon-proxy)", namespace, services)
        .map(
            s ->
                new Stolon(
                    namespace,
                    s.getMetadata().getName(),
                    s.getSpec().getPorts().isEmpty()
                        ? 5432
                        : s.getSpec().getPorts().get(0).getPort(),
                    s.getMetadata().getLabels().get("stolon-cluster")));
  }

  /**
   * The redis-ha StatefulSet {@code <fullname>-server} in {@code namespace}: exactly one, or none.
   */
  public Optional<RedisHa> redisHa(String namespace) {
    List<StatefulSet> sets =
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .withLabel("app", "redis-ha")
            .list()
            .getItems()
            .stream()
            .filter(s -> s.getMetadata().getName().endsWith("-server"))
            .toList();
    return single("redis-ha StatefulSets (app=redis-ha, <fullname>-server)", namespace, sets)
        .map(
            s ->
                new RedisHa(
                    namespace,
                    s.getMetadata()
                        .getName()
                        .substring(0, s.getMetadata().getName().length() - "-server".length()),
                    s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas()));
  }

  private static <T extends HasMetadata> Optional<T> single(
      String what, String namespace, List<T> found) {
    if (found.size() > 1) {
      throw new Ambiguous(
          what,
          namespace,
          found.stream().map(o -> namespace + "/" + o.getMetadata().getName()).sorted().toList());
    }
    return found.stream().findFirst();
  }

  /** The ClusterIP of kube-system/kube-dns (CoreDNS keeps that Service name). */
  public Optional<String> coreDns() {
    Service dns = client.services().inNamespace("kube-system").withName("kube-dns").get();
    return Optional.ofNullable(dns)
        .map(s -> s.getSpec().getClusterIP())
        .filter(ip -> ip != null && !ip.isBlank() && !"None".equals(ip));
  }
}
