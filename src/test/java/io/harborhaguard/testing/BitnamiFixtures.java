package io.harborhaguard.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.values.HarborValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Bitnami's Harbor chart as released: {@code bitnami/bitnami-harbor.tar.xz} holds every released
 * version's {@code Chart.yaml} and {@code values.yaml} and {@code INDEX.tsv} (chart version, app
 * version, commit, date), read straight from the archive.
 */
public final class BitnamiFixtures {

  /** One line of INDEX.tsv. */
  public record Release(String chart, String app, String commit, String date) {}

  private static Map<String, String> files;

  private BitnamiFixtures() {}

  public static Path folder() {
    return Fixtures.root().resolve("bitnami");
  }

  /** Every released version, oldest first, as INDEX.tsv lists them. */
  public static List<Release> index() {
    return file("INDEX.tsv")
        .lines()
        .skip(1)
        .filter(line -> !line.isBlank())
        .map(line -> line.split("\t"))
        .map(f -> new Release(f[0], f[1], f[2], f[3]))
        .toList();
  }

  /** Chart version -> values.yaml text, oldest first. */
  public static Map<String, String> valuesTexts() {
    Map<String, String> texts = new LinkedHashMap<>();
    for (Release release : index()) {
      texts.put(release.chart(), values(release.chart()));
    }
    return texts;
  }

  public static String values(String chartVersion) {
    return file(chartVersion + ".values.yaml");
  }

  public static String chartYaml(String chartVersion) {
    return file(chartVersion + ".Chart.yaml");
  }

  /**
   * The record Helm writes for an install of the released chart {@code chartVersion} (its own
   * Chart.yaml as metadata, its values.yaml as the chart's values; no templates) with user values
   * {@code config}, pending install.
   */
  public static ObjectNode releaseJson(String chartVersion, ObjectNode config) {
    try {
      YAMLMapper yaml = new YAMLMapper();
      ObjectNode release = Fixtures.JSON.createObjectNode();
      release.put("name", "harbor").put("namespace", "harbor").put("version", 1);
      release.putObject("info").put("status", "pending-install");
      ObjectNode chart = release.putObject("chart");
      chart.set("metadata", yaml.readTree(chartYaml(chartVersion)));
      chart.set("values", yaml.readTree(values(chartVersion)));
      release.set("config", config);
      return release;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The values of an install of {@code chartVersion} with {@code edits} as the user's values. */
  public static HarborValues values(String chartVersion, Consumer<ObjectNode> edits) {
    ObjectNode config = Fixtures.JSON.createObjectNode();
    edits.accept(config);
    return HarborValues.of(Fixtures.parse(releaseJson(chartVersion, config)));
  }

  /**
   * The user's values of an HA install of {@code chartVersion}, by the keys that version has:
   * external PostgreSQL and Redis, 3 replicas of every component, ReadWriteMany claims, pinned
   * keys.
   */
  public static void haValues(String chartVersion, ObjectNode config) {
    String suffix =
        io.harborhaguard.helm.chart.ChartVersion.parse(chartVersion).atLeast(12, 0, 0)
            ? ".replicaCount"
            : ".replicas";
    Fixtures.set(config, "postgresql.enabled", false);
    Fixtures.set(config, "externalDatabase.host", "stolon-proxy-service.db");
    Fixtures.set(config, "redis.enabled", false);
    Fixtures.set(config, "externalRedis.host", "redis-haproxy.redis");
    for (String component :
        List.of(
            "portal",
            "core",
            "jobservice",
            "registry",
            "chartmuseum",
            "clair",
            "notary.server",
            "notary.signer",
            "trivy",
            "exporter",
            "nginx")) {
      Fixtures.set(config, component + suffix, 3);
    }
    for (String claim : List.of("registry", "jobservice", "chartmuseum")) {
      String key = "persistence.persistentVolumeClaim." + claim;
      if (suffix.equals(".replicaCount")) {
        Fixtures.set(config, key + ".accessModes", List.of("ReadWriteMany"));
      } else {
        Fixtures.set(config, key + ".accessMode", "ReadWriteMany");
      }
      Fixtures.set(config, key + ".storageClass", "cephfs");
    }
    Fixtures.set(config, "core.secretName", "harbor-token-key");
    Fixtures.set(config, "core.csrfKey", "Yd3Hs8Kq1Vn6Bw0Zr5Tj2Lx9Pc4Mf7Ga"); // in SecretValues
    Fixtures.set(config, "core.secretKey", "k8Fq2LwZp9XcV4bN"); // in SecretValues
    Fixtures.set(config, "externalDatabase.password", "password1"); // in SecretValues
  }

  private static synchronized String file(String name) {
    if (files == null) {
      files = read(folder().resolve("bitnami-harbor.tar.xz"));
    }
    String text = files.get(name);
    if (text == null) {
      throw new IllegalArgumentException("no " + name + " in bitnami/bitnami-harbor.tar.xz");
    }
    return text;
  }

  private static Map<String, String> read(Path archive) {
    Map<String, String> read = new HashMap<>();
    try (InputStream in = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.isFile()) {
          String name = entry.getName();
          read.put(
              name.substring(name.lastIndexOf('/') + 1),
              new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(archive + ": " + e.getMessage(), e);
    }
    return read;
  }
}
