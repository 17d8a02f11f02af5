package io.harborhaguard.helm.release;

/** What a release's chart is to the guard, told from the chart's metadata in the record. */
public enum ChartKind {
  /** goharbor's chart, or a fork of it named in {@code harbor-ha-guard.harbor-chart-names}. */
  HARBOR,
  /** A chart that lists goharbor's chart among its dependencies. */
  UMBRELLA,
  /**
   * Bitnami's Harbor chart (bitnami/charts, also named {@code harbor}), or an umbrella with it as a
   * dependency named {@code harbor} from a Bitnami repository: judged by its own keys, never by
   * goharbor's.
   */
  BITNAMI,
  /**
   * A chart named as Harbor (or with such a dependency) published by someone else whose keys the
   * guard does not know: goharbor's keys do not apply, so it is admitted with a warning saying so.
   */
  NOT_GOHARBOR,
  /** Any other chart: allowed at once, nothing of it read beyond its metadata. */
  OTHER
}
