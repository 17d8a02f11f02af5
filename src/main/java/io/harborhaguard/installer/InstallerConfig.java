package io.harborhaguard.installer;

import java.util.List;
import java.util.Optional;

/**
 * What one offline-installer node's configuration says, from {@code harbor.cfg} (Harbor 1.1-1.7) or
 * {@code harbor.yml} (1.8 on), in the terms the HA checks compare. Passwords are never kept.
 */
public record InstallerConfig(
    String file,
    Optional<String> version,
    String hostname,
    String externalUrl,
    Database database,
    Redis redis,
    String storageType,
    String storageFingerprint,
    List<String> jobLoggers,
    String dataVolume,
    Written written) {

  /**
   * How the file is written, beyond what it means: its format (harbor.yml or harbor.cfg), its keys
   * (dotted for harbor.yml), the harbor.cfg keys whose value goes on after whitespace and {@code #}
   * (the installer's parser keeps that as part of the value), and the database port keys present
   * with no value.
   */
  public record Written(
      boolean yml, List<String> keys, List<String> inlineComments, List<String> emptyPorts) {}

  /** Harbor's own database: the bundled container, or an external server. */
  public record Database(
      boolean external, String host, int port, String name, String user, Optional<String> sslMode) {

    public String target() {
      return host + ":" + port + "/" + name;
    }
  }

  /** Harbor's Redis: bundled or external, with its db indexes and a Sentinel master set. */
  public record Redis(
      boolean external, String host, Optional<String> sentinelMasterSet, String indexes) {

    /** Several comma-separated endpoints: Sentinels. */
    public boolean listsSentinels() {
      return host.contains(",");
    }
  }
}
