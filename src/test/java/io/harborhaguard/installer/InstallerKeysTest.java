package io.harborhaguard.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped key index is what the installer file of every release in
 * src/test/fixtures/harbor-installer gives; {@code -Dinstaller.keys.write=true} rewrites it.
 */
class InstallerKeysTest {

  private static final Path RESOURCE = Path.of("src/main/resources/installer-keys.tsv");

  static Map<InstallerKeys.Version, InstallerKeys.Release> fromFixtures() throws IOException {
    Map<InstallerKeys.Version, InstallerKeys.Release> releases = new TreeMap<>();
    try (Stream<Path> files = Files.list(Fixtures.root().resolve("harbor-installer"))) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        InstallerKeys.Version version =
            InstallerKeys.Version.parse(name.substring(0, name.indexOf(".harbor."))).orElseThrow();
        String text = Files.readString(file);
        boolean yml = !name.endsWith(".cfg");
        releases.put(
            version,
            new InstallerKeys.Release(
                version, yml, yml ? InstallerKeys.ofYmlTemplate(text) : InstallerKeys.ofCfg(text)));
      }
    }
    return releases;
  }

  @Test
  void theShippedIndexIsTheFixturesOwn() throws IOException {
    String made = InstallerKeys.tsv(fromFixtures());
    if (Boolean.getBoolean("installer.keys.write")) {
      Files.writeString(RESOURCE, made);
    }
    assertThat(Files.readString(RESOURCE))
        .as("src/main/resources/installer-keys.tsv; -Dinstaller.keys.write=true rewrites it")
        .isEqualTo(made);
    assertThat(fromFixtures()).hasSize(26);
  }

  /** Commented-out blocks count, prose does not; nested keys are dotted. */
  @Test
  void theTemplatesDocumentedKeysAreKnown() {
    InstallerKeys.Release r215 =
        InstallerKeys.shipped().forFile(true, Optional.of("2.15.0")).orElseThrow();
    assertThat(r215.keys())
        .contains(
            "hostname",
            "https.strong_ssl_ciphers",
            "external_url",
            "external_database.harbor.port",
            "external_database.harbor.ssl_mode",
            "external_redis.host",
            "storage_service.ca_bundle",
            "database.max_open_conns")
        .doesNotContain("database.Note", "Note");
    InstallerKeys.Release r17 =
        InstallerKeys.shipped().forFile(false, Optional.of("1.7.0")).orElseThrow();
    // 1.6 replaced redis_url (address:port,weight,password,index) with redis_host and friends
    assertThat(r17.keys())
        .contains("hostname", "db_port", "redis_host", "redis_db_index", "_version")
        .doesNotContain("redis_url");
    assertThat(InstallerKeys.shipped().forFile(false, Optional.of("1.5.0")).orElseThrow().keys())
        .contains("redis_url")
        .doesNotContain("redis_host");
  }

  /** A release between two files takes the older one; a cfg without _version is 1.1-1.4. */
  @Test
  void aFileIsJudgedByItsReleaseOrTheNewestOlderOne() {
    assertThat(InstallerKeys.shipped().forFile(true, Optional.of("2.15.3")))
        .map(r -> r.version().text())
        .contains("2.15.0");
    InstallerKeys.Release unversioned =
        InstallerKeys.shipped().forFile(false, Optional.empty()).orElseThrow();
    assertThat(unversioned.keys()).contains("verify_remote_cert", "redis_url"); // 1.1's, 1.4's
    assertThat(unversioned.keys()).doesNotContain("_version", "redis_host");
    assertThat(InstallerKeys.shipped().forFile(true, Optional.of("1.2.0"))).isEmpty();
    assertThat(InstallerKeys.shipped().forFile(true, Optional.of("not a version"))).isEmpty();
  }

  @Test
  void anUnknownKeyIsNamedOnceAtItsTopmostLevel() {
    InstallerKeys.Release r =
        InstallerKeys.shipped().forFile(true, Optional.of("2.15.0")).orElseThrow();
    assertThat(
            InstallerKeys.unknown(
                r,
                List.of(
                    "hostname",
                    "extrenal_redis",
                    "extrenal_redis.host",
                    "external_redis",
                    "external_redis.hots",
                    "storage_service",
                    "storage_service.s3",
                    "storage_service.s3.bucket")))
        .containsExactly("extrenal_redis", "external_redis.hots");
  }
}
