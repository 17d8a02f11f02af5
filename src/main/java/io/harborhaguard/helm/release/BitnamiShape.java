package io.harborhaguard.helm.release;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Values shaped as Bitnami's Harbor chart's: its database and Redis are the {@code postgresql} and
 * {@code redis} subcharts switched by {@code enabled}, beside {@code externalDatabase} and {@code
 * externalRedis}, in every released version; goharbor's chart has none of these (its keys are
 * {@code database.type} and {@code redis.type}).
 */
public final class BitnamiShape {

  private BitnamiShape() {}

  public static boolean of(JsonNode values) {
    return values.path("externalDatabase").isObject()
        || values.path("externalRedis").isObject()
        || values.path("postgresql").path("enabled").isValueNode()
        || values.path("redis").path("enabled").isValueNode();
  }
}
