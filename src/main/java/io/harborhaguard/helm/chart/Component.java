package io.harborhaguard.helm.chart;

import java.util.Map;
import java.util.Optional;

/** A stateless Harbor workload and the values key that sets its replica count. */
public record Component(String name, String replicasKey) {

  /** Components whose objects carry the label {@code component: <name>}, by name. */
  private static final Map<String, Component> STATELESS =
      Map.ofEntries(
          entry("portal"),
          entry("adminserver"),
          entry("core"),
          entry("jobservice"),
          entry("registry"),
          entry("chartmuseum"),
          entry("clair"),
          Map.entry("notary-server", new Component("notary-server", "notary.server.replicas")),
          Map.entry("notary-signer", new Component("notary-signer", "notary.signer.replicas")),
          entry("trivy"),
          entry("exporter"),
          entry("nginx"));

  /** Where this component's values live: {@code core}, {@code notary.server}. */
  public String valuesPrefix() {
    return replicasKey.substring(0, replicasKey.length() - ".replicas".length());
  }

  public static Component of(String name) {
    return STATELESS.getOrDefault(name, new Component(name, name + ".replicas"));
  }

  /** The stateless component a rendered object belongs to; empty for database, redis, etc. */
  public static Optional<Component> stateless(String componentLabel) {
    return Optional.ofNullable(STATELESS.get(componentLabel));
  }

  private static Map.Entry<String, Component> entry(String name) {
    return Map.entry(name, new Component(name, name + ".replicas"));
  }
}
