package io.harborhaguard.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.tls.Certificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Node directories built from the offline installer's own configuration file of a Harbor release
 * (src/test/fixtures/harbor-installer), with HA edits and real key files made here.
 */
public final class InstallerNodes {

  private static final YAMLMapper YAML = new YAMLMapper();

  /** The keys one node holds: copied to every node of a consistent site. */
  public record Keys(String secretKey, Certificates.Issued token, String csrfKey) {
    public static Keys fresh() {
      Certificates.Issued token =
          Certificates.authority("harbor-token-issuer", Instant.now(), Duration.ofDays(365));
      return new Keys(random(16), token, random(32));
    }
  }

  private InstallerNodes() {}

  /** The installer file of {@code release}: harbor.cfg, harbor.yml or harbor.yml.tmpl. */
  public static Path installerFile(String release) {
    Path dir = Fixtures.root().resolve("harbor-installer");
    for (String suffix : new String[] {".harbor.yml.tmpl", ".harbor.yml", ".harbor.cfg"}) {
      Path file = dir.resolve(release + suffix);
      if (Files.exists(file)) {
        return file;
      }
    }
    throw new AssertionError("no installer file for Harbor " + release);
  }

  /** A node with the release's installer file as shipped (bundled services) and no keys. */
  public static Path asShipped(Path parent, String name, String release) {
    try {
      Path dir = Files.createDirectories(parent.resolve(name));
      Path source = installerFile(release);
      Files.copy(
          source, dir.resolve(source.toString().endsWith(".cfg") ? "harbor.cfg" : "harbor.yml"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An HA node of {@code release}: external database and Redis, object storage, DB job logs. */
  public static Path haNode(Path parent, String name, String release, Keys keys) {
    return node(parent, name, release, keys, yml -> {}, cfg -> cfg);
  }

  /**
   * A node of {@code release} with the HA edits, then {@code ymlEdit} (harbor.yml) or {@code
   * cfgEdit} (harbor.cfg text) applied; {@code keys} null writes no key files.
   */
  public static Path node(
      Path parent,
      String name,
      String release,
      Keys keys,
      Consumer<ObjectNode> ymlEdit,
      UnaryOperator<String> cfgEdit) {
    try {
      Path dir = Files.createDirectories(parent.resolve(name));
      Path source = installerFile(release);
      if (source.toString().endsWith(".cfg")) {
        Files.writeString(
            dir.resolve("harbor.cfg"), cfgEdit.apply(haCfg(Files.readString(source))));
      } else {
        ObjectNode yml = (ObjectNode) YAML.readTree(source.toFile());
        haYml(yml, release);
        ymlEdit.accept(yml);
        YAML.writeValue(dir.resolve("harbor.yml").toFile(), yml);
      }
      if (keys != null) {
        write(dir.resolve(InstallerNode.SECRET_KEY), keys.secretKey());
        write(dir.resolve(InstallerNode.TOKEN_KEY), keys.token().keyPem());
        write(dir.resolve(InstallerNode.TOKEN_CERT), keys.token().certificatePem());
        write(
            dir.resolve(InstallerNode.CORE_ENV),
            "CONFIG_PATH=/etc/core/app.conf\nCSRF_KEY=" + keys.csrfKey() + "\nPORT=8080\n");
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void haYml(ObjectNode yml, String release) {
    yml.put("hostname", "harbor.example.com");
    Fixtures.set(yml, "external_database.harbor.host", "stolon-proxy.db.example.com");
    Fixtures.set(yml, "external_database.harbor.port", 5432);
    Fixtures.set(yml, "external_database.harbor.db_name", "registry");
    Fixtures.set(yml, "external_database.harbor.username", "harbor");
    Fixtures.set(yml, "external_database.harbor.password", "Db-own-pass-7");
    Fixtures.set(yml, "external_database.harbor.ssl_mode", "verify-full");
    Fixtures.set(yml, "external_redis.host", "redis-haproxy.example.com:6379");
    Fixtures.set(yml, "external_redis.registry_db_index", 1);
    Fixtures.set(yml, "external_redis.jobservice_db_index", 2);
    Fixtures.set(yml, "storage_service.s3.bucket", "harbor");
    Fixtures.set(yml, "storage_service.s3.region", "eu-west-1");
    if (yml.path("jobservice").has("job_loggers")) {
      Fixtures.set(yml, "jobservice.job_loggers", List.of("STD_OUTPUT", "DB"));
    }
  }

  private static String haCfg(String cfg) {
    return cfg.replaceAll("(?m)^hostname = .*$", "hostname = harbor.example.com")
        .replaceAll("(?m)^db_host = .*$", "db_host = stolon-proxy.db.example.com")
        .replaceAll("(?m)^redis_host = .*$", "redis_host = redis-haproxy.example.com")
        .replaceAll("(?m)^redis_url = .*$", "redis_url = redis-haproxy.example.com:6379")
        .replaceAll(
            "(?m)^registry_storage_provider_name = .*$", "registry_storage_provider_name = s3")
        .replaceAll(
            "(?m)^registry_storage_provider_config =.*$",
            "registry_storage_provider_config = bucket: harbor, region: eu-west-1");
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static String random(int length) {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
