package io.harborhaguard.admission;

import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.limits.BlockingCalls;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.tls.runtime.config.TlsBucketConfig;
import io.quarkus.tls.runtime.config.TlsConfig;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves a rotated certificate without a restart, and only when it changed: the files of the
 * default TLS configuration are read every {@code harbor-ha-guard.tls.check-interval} and their
 * contents hashed; the server swaps its TLS configuration only when the hash differs, so an
 * unchanged certificate never resets a handshake. One log line per real change, naming the new
 * files' fingerprint (never their contents).
 */
@Singleton
public class CertificateFileWatcher {

  private static final Logger LOG = Logger.getLogger(CertificateFileWatcher.class);
  private static final String DEFAULT_NAME = "<default>";

  @Inject TlsConfigurationRegistry registry;
  @Inject Event<CertificateUpdatedEvent> updated;
  @Inject Vertx vertx;
  @Inject BlockingCalls calls;
  @Inject GuardConfig guard;

  @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true")
  boolean serving;

  private List<Path> files = List.of();
  private String fingerprint = "";

  void start(@Observes StartupEvent started) {
    if (!serving) {
      return; // an offline command: no server whose certificate could change
    }
    files = keyStoreFiles();
    LOG.debugf("watching the serving certificate files %s", files);
    if (files.isEmpty()) {
      return;
    }
    fingerprint = fingerprint(files);
    vertx.setPeriodic(guard.tls().checkInterval().toMillis(), id -> calls.execute(this::check));
  }

  /** Reloads the default TLS configuration when the contents of its files changed. */
  synchronized void check() {
    String now = fingerprint(files);
    if (now.isEmpty() || now.equals(fingerprint)) {
      return; // unchanged, or half-written: read again at the next check
    }
    TlsConfiguration tls = registry.getDefault().orElse(null);
    if (tls == null || !tls.reload()) {
      LOG.warnf("TLS certificate files changed but could not be loaded; serving the previous one");
      return;
    }
    fingerprint = now;
    updated.fire(new CertificateUpdatedEvent(DEFAULT_NAME, tls));
    LOG.infof(
        "TLS certificate files changed (sha256 %s): serving the new certificate",
        now.substring(0, 16));
  }

  /**
   * The files the default TLS configuration names (quarkus.tls.key-store.*, however set: a
   * property, an environment variable, the generated certificate). Quarkus hands the server the
   * files' contents, so the paths come from its configuration, not from the server's options.
   */
  private List<Path> keyStoreFiles() {
    TreeSet<Path> paths = new TreeSet<>();
    TlsConfig tls =
        ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(TlsConfig.class);
    tls.defaultCertificateConfig()
        .flatMap(TlsBucketConfig::keyStore)
        .ifPresent(
            store -> {
              store
                  .pem()
                  .ifPresent(
                      pem ->
                          pem.keyCerts()
                              .values()
                              .forEach(
                                  pair -> {
                                    paths.add(pair.cert());
                                    paths.add(pair.key());
                                  }));
              store.p12().ifPresent(p12 -> paths.add(p12.path()));
              store.jks().ifPresent(jks -> paths.add(jks.path()));
            });
    return List.copyOf(paths);
  }

  /** SHA-256 over every file's contents; empty when one cannot be read right now. */
  static String fingerprint(List<Path> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : files) {
        digest.update(Files.readAllBytes(file));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      return "";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
