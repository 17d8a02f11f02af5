package io.harborhaguard.helm.chart;

/**
 * What a Harbor chart version contains and which values keys it reads. Boundaries come from the
 * chart's tags (harbor-helm); versions compare by number, never by date. {@code bitnami} is set for
 * a version of Bitnami's chart, whose keys are its own: the era methods below speak of goharbor's
 * chart only, and a rule reads a Bitnami chart through {@link BitnamiChart}.
 */
public record HarborChart(ChartVersion version, BitnamiChart bitnami) {

  /** A version of goharbor's chart. */
  public HarborChart(ChartVersion version) {
    this(version, null);
  }

  public static HarborChart of(ChartVersion version) {
    return new HarborChart(version);
  }

  /** A version of Bitnami's chart. */
  public static HarborChart of(BitnamiChart bitnami) {
    return new HarborChart(bitnami.version(), bitnami);
  }

  /** Bitnami's chart, judged by its own keys. */
  public boolean isBitnami() {
    return bitnami != null;
  }

  /** Chart 1.4.0 shipped Harbor 2.0. */
  public boolean isHarbor2() {
    return version.atLeast(1, 4, 0);
  }

  public boolean hasClair() {
    return version.below(1, 6, 0);
  }

  public boolean hasChartmuseum() {
    return version.below(1, 12, 0);
  }

  public boolean hasNotary() {
    return version.below(1, 13, 0);
  }

  public boolean hasTrivy() {
    return version.atLeast(1, 4, 0);
  }

  /** Charts 1.0.x run Harbor 1.7's adminserver, a stateless Deployment like core. */
  public boolean hasAdminserver() {
    return version.below(1, 1, 0);
  }

  /**
   * Charts 1.10.0-1.10.3 and 1.11.0 give jobservice a second claim, {@code
   * persistence.persistentVolumeClaim.jobservice.scanDataExports}, mounted by every replica.
   */
  public boolean hasScanDataExportsClaim() {
    return (version.onLine(1, 10) && version.patch() <= 3)
        || version.compareTo(ChartVersion.of(1, 11, 0)) == 0;
  }

  /**
   * From chart 1.14.0 the core Secret keeps the CSRF key it generated across upgrades ({@code
   * lookup}), so the cores of one release agree; before, every render made a new one.
   */
  public boolean keepsGeneratedXsrfKey() {
    return version.atLeast(1, 14, 0);
  }

  public boolean hasExporter() {
    return version.atLeast(1, 6, 0);
  }

  /** {@code redis.external.addr}/{@code sentinelMasterSet} instead of {@code host}/{@code port}. */
  public boolean hasRedisAddr() {
    return version.atLeast(1, 5, 0);
  }

  /** {@code jobservice.jobLoggers} (a list) instead of {@code jobservice.jobLogger}. */
  public boolean hasJobLoggersList() {
    return version.atLeast(1, 6, 0);
  }

  public String jobLogPvcKey() {
    return version.atLeast(1, 10, 0)
        ? "persistence.persistentVolumeClaim.jobservice.jobLog"
        : "persistence.persistentVolumeClaim.jobservice";
  }

  public boolean hasXsrfKey() {
    return version.atLeast(1, 2, 4);
  }

  /** Chart 1.4.0 renders a random CSRF key and ignores {@code core.xsrfKey}. */
  public boolean ignoresXsrfKey() {
    return version.compareTo(ChartVersion.of(1, 4, 0)) == 0;
  }

  /** Charts that render a random XSRF key with no values key to pin it. */
  public boolean hasUnpinnableXsrfKey() {
    return (version.onLine(1, 1) && version.patch() >= 5)
        || (version.onLine(1, 2) && version.patch() >= 2 && version.patch() <= 3);
  }

  /** {@code core.existingSecret}, {@code core.existingXsrfSecret} and friends. */
  public boolean hasExistingSecretVariants() {
    return version.atLeast(1, 14, 0);
  }

  public boolean hasExistingSecretSecretKey() {
    return version.atLeast(1, 10, 0);
  }

  public boolean hasCoreSecretName() {
    return version.atLeast(1, 1, 0);
  }

  /**
   * Charts that generate a fresh token CA on every render unless {@code core.secretName} or {@code
   * core.tokenKey}/{@code core.tokenCert} is set (these charts also have those keys).
   */
  public boolean generatesTokenKeyPerRender() {
    return version.below(1, 1, 0)
        || (version.onLine(1, 3) && version.patch() >= 17)
        || (version.onLine(1, 9) && version.patch() >= 6)
        || (version.onLine(1, 10) && version.patch() >= 4)
        || (version.onLine(1, 11) && version.patch() >= 1)
        || version.atLeast(1, 12, 0);
  }

  public boolean hasTokenKeyValues() {
    return version.atLeast(1, 1, 0) && generatesTokenKeyPerRender();
  }

  /** The chart's placeholder URL; a release that keeps it has not set its own. */
  public String defaultExternalUrl() {
    return "https://core.harbor.domain";
  }

  /** From chart 1.18.0 {@code expose.type: route} (OpenShift) renders no nginx either. */
  public boolean exposesRoute() {
    return version.atLeast(1, 18, 0);
  }

  /**
   * {@code core.secret}, {@code jobservice.secret} and {@code registry.secret} are values keys from
   * chart 1.1.0; chart 1.0.x generates all three at every render.
   */
  public boolean hasInternalSecretValues() {
    return version.atLeast(1, 1, 0);
  }

  /**
   * Charts before 1.14.0 render {@code randAlphaNum 16} for an unset core, jobservice or registry
   * secret at every render; from 1.14.0 a {@code lookup} of the release's own Secret keeps them (in
   * a render that reaches the cluster).
   */
  public boolean generatesInternalSecretsPerRender() {
    return version.below(1, 14, 0);
  }

  /** {@code registry.credentials.username}/{@code password} (the registry's htpasswd user). */
  public boolean hasRegistryCredentials() {
    return version.atLeast(1, 4, 0);
  }

  /**
   * From chart 1.8.0 the htpasswd line is rendered with a new bcrypt salt at every render unless
   * {@code registry.credentials.htpasswdString} (1.9.0) or {@code existingSecret} (1.10.0) is set;
   * 1.4.0-1.7.x take the fixed {@code registry.credentials.htpasswd}.
   */
  public boolean generatesHtpasswdPerRender() {
    return version.atLeast(1, 8, 0);
  }

  public boolean hasHtpasswdString() {
    return version.atLeast(1, 9, 0);
  }

  public boolean hasRegistryCredentialsSecret() {
    return version.atLeast(1, 10, 0);
  }

  /** {@code internalTLS} (certSource auto, manual or secret per component) from chart 1.4.0. */
  public boolean hasInternalTls() {
    return version.atLeast(1, 4, 0);
  }

  /** The components with an {@code internalTLS.<component>} entry in this chart version. */
  public java.util.List<String> internalTlsComponents() {
    if (!hasInternalTls()) {
      return java.util.List.of();
    }
    java.util.List<String> components =
        new java.util.ArrayList<>(java.util.List.of("core", "jobservice", "registry", "portal"));
    if (hasChartmuseum()) {
      components.add("chartmuseum");
    }
    if (hasClair()) {
      components.add("clair");
    }
    components.add("trivy");
    return java.util.List.copyOf(components);
  }

  /**
   * {@code expose.tls.certSource} (auto, secret, none) from chart 1.5.0; before, an empty {@code
   * expose.tls.secretName} means a generated certificate.
   */
  public boolean hasExposeCertSource() {
    return version.atLeast(1, 5, 0);
  }
}
