package io.harborhaguard.admission;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When the certificate the guard serves expires, as {@code
 * harbor_ha_guard_serving_certificate_expiry_timestamp_seconds} (Unix time). Read from the default
 * TLS configuration at every scrape, so a rotated certificate (CertificateFileWatcher) shows at
 * once; the earliest end of validity when the key store holds several.
 */
@Singleton
public class ServingCertificateMetrics {

  @Inject TlsConfigurationRegistry tls;
  @Inject MeterRegistry registry;

  @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true")
  boolean serving;

  void start(@Observes StartupEvent started) {
    if (!serving) {
      return; // an offline command serves no certificate
    }
    Gauge.builder("harbor_ha_guard.serving.certificate.expiry.timestamp", this, m -> m.notAfter())
        .description("When the guard's serving certificate expires (Unix time)")
        .baseUnit("seconds")
        .register(registry);
  }

  /** The earliest notAfter of the served certificates in seconds; NaN when none is loaded. */
  double notAfter() {
    KeyStore store = tls.getDefault().map(TlsConfiguration::getKeyStore).orElse(null);
    if (store == null) {
      return Double.NaN;
    }
    double earliest = Double.NaN;
    try {
      for (String alias : Collections.list(store.aliases())) {
        Certificate certificate = store.getCertificate(alias);
        if (certificate instanceof X509Certificate x509) {
          double end = x509.getNotAfter().toInstant().getEpochSecond();
          earliest = Double.isNaN(earliest) ? end : Math.min(earliest, end);
        }
      }
    } catch (KeyStoreException e) {
      return Double.NaN;
    }
    return earliest;
  }
}
