package io.harborhaguard.helm;

/** A stateless Harbor workload and the values key that sets its replica count. */
public record Component(String name, String replicasKey) {

  public static Component of(String name) {
    return new Component(name, name + ".replicas");
  }
}
