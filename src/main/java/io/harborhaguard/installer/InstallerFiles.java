package io.harborhaguard.installer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.hagroup.Fingerprints;
import io.harborhaguard.text.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the offline installer's configuration: {@code harbor.cfg} ({@code key = value}, Harbor
 * 1.1-1.7) and {@code harbor.yml} (Harbor 1.8 on; {@code external_database}, {@code
 * external_redis}, {@code storage_service}, {@code jobservice.job_loggers}).
 */
public final class InstallerFiles {

  /** Not an installer file, or one that cannot be read; the message names why. */
  public static final class NotAnInstallerFile extends Exception {
    public NotAnInstallerFile(String message) {
      super(message);
    }
  }

  private static final Pattern CFG_LINE =
      Pattern.compile("^\\s*([A-Za-z_][\\w]*)\\s*=\\s*(.*?)\\s*$");
  private static final Pattern INLINE_COMMENT = Pattern.compile("(?:^|\\s)#");
  private static final Pattern SECRET_KEY =
      Pattern.compile("password|passwd|secret|_key|token", Pattern.CASE_INSENSITIVE);
  private static final List<String> BUNDLED_DATABASES = List.of("mysql", "postgresql", "");
  private static final List<String> BUNDLED_REDIS = List.of("redis", "");

  private InstallerFiles() {}

  /** Whether {@code text} is an installer's harbor.cfg (key = value lines naming a hostname). */
  public static boolean looksLikeCfg(String text) {
    int assignments = 0;
    boolean hostname = false;
    for (String line : text.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Matcher m = CFG_LINE.matcher(line);
      if (!m.matches()) {
        return false;
      }
      assignments++;
      hostname |= m.group(1).equals("hostname");
    }
    return hostname && assignments >= 2;
  }

  /** Whether a YAML mapping is an installer's harbor.yml rather than chart values. */
  public static boolean looksLikeYml(JsonNode yaml) {
    if (!yaml.isObject() || !yaml.has("hostname")) {
      return false;
    }
    return yaml.has("_version")
        || yaml.has("data_volume")
        || yaml.has("harbor_admin_password")
        || (yaml.has("http") && yaml.path("http").has("port"));
  }

  public static InstallerConfig readCfg(String file, String text) throws NotAnInstallerFile {
    if (!looksLikeCfg(text)) {
      throw new NotAnInstallerFile(file + ": not a harbor.cfg (key = value lines with a hostname)");
    }
    Map<String, String> cfg = new LinkedHashMap<>();
    List<String> inlineComments = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = CFG_LINE.matcher(line);
      if (m.matches() && !line.trim().startsWith("#")) {
        cfg.put(m.group(1), m.group(2));
        // Harbor 1.x's prepare reads harbor.cfg with Python's RawConfigParser, which strips no
        // inline '#' comment: "5432 ## port" is the value. A password or secret may hold '#' on
        // purpose, and no comment can be told from it: those keys are not judged.
        if (!SECRET_KEY.matcher(m.group(1)).find() && INLINE_COMMENT.matcher(m.group(2)).find()) {
          inlineComments.add(m.group(1));
        }
      }
    }
    List<String> emptyPorts =
        cfg.containsKey("db_port") && cfg.get("db_port").isEmpty() ? List.of("db_port") : List.of();
    String dbHost = cfg.getOrDefault("db_host", "");
    String redisHost = cfg.getOrDefault("redis_host", "");
    String redisPort = cfg.getOrDefault("redis_port", "6379");
    String redisDbIndex = cfg.getOrDefault("redis_db_index", "");
    // redis_url is address:port[,weight,password,db_index] (harbor.cfg 1.5-1.7): the address is
    // its first field only, never the password.
    String[] redisUrlFields = cfg.getOrDefault("redis_url", "").split(",", -1);
    String redisUrl = redisUrlFields[0].trim();
    if (redisDbIndex.isEmpty() && redisUrlFields.length > 3) {
      redisDbIndex = redisUrlFields[3].trim();
    }
    if (redisHost.isEmpty() && !redisUrl.isEmpty()) {
      int colon = redisUrl.lastIndexOf(':');
      redisHost = colon < 0 ? redisUrl : redisUrl.substring(0, colon);
      redisPort = colon < 0 ? "6379" : redisUrl.substring(colon + 1);
    }
    String storage = cfg.getOrDefault("registry_storage_provider_name", "filesystem");
    return new InstallerConfig(
        file,
        Optional.ofNullable(cfg.get("_version")).filter(v -> !v.isEmpty()),
        cfg.getOrDefault("hostname", ""),
        cfg.getOrDefault("ui_url_protocol", "http") + "://" + cfg.getOrDefault("hostname", ""),
        new InstallerConfig.Database(
            !BUNDLED_DATABASES.contains(dbHost),
            dbHost,
            integer(cfg.getOrDefault("db_port", "5432"), 5432),
            "registry",
            cfg.getOrDefault("db_user", ""),
            Optional.empty()),
        new InstallerConfig.Redis(
            !BUNDLED_REDIS.contains(redisHost),
            redisHost + ":" + redisPort,
            Optional.empty(),
            redisDbIndex),
        storage.isEmpty() ? "filesystem" : storage,
        Fingerprints.sha256(
            storage + "\n" + cfg.getOrDefault("registry_storage_provider_config", "")),
        List.of("file"),
        cfg.getOrDefault("secretkey_path", "/data"),
        new InstallerConfig.Written(
            false, List.copyOf(cfg.keySet()), List.copyOf(inlineComments), emptyPorts));
  }

  public static InstallerConfig readYml(String file, String text) throws NotAnInstallerFile {
    JsonNode yml;
    try {
      yml = new YAMLMapper().readTree(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new NotAnInstallerFile(
          file + ": not valid YAML: " + Messages.firstLine(e.getMessage()));
    }
    if (yml == null || !looksLikeYml(yml)) {
      throw new NotAnInstallerFile(
          file + ": not a harbor.yml (no hostname, _version, data_volume)");
    }
    JsonNode db = yml.path("external_database").path("harbor");
    JsonNode redis = yml.path("external_redis");
    return new InstallerConfig(
        file,
        Optional.of(yml.path("_version").asText("")).filter(v -> !v.isEmpty()),
        yml.path("hostname").asText(""),
        externalUrl(yml),
        new InstallerConfig.Database(
            db.isObject(),
            db.path("host").asText(""),
            db.path("port").asInt(5432),
            db.path("db_name").asText("registry"),
            db.path("username").asText(""),
            db.has("ssl_mode") ? Optional.of(db.path("ssl_mode").asText()) : Optional.empty()),
        new InstallerConfig.Redis(
            redis.isObject(),
            redis.path("host").asText("")
                + (redis.has("port") ? ":" + redis.path("port").asText() : ""),
            Optional.of(redis.path("sentinel_master_set").asText("")).filter(s -> !s.isEmpty()),
            indexes(redis)),
        storageType(yml.path("storage_service")),
        Fingerprints.sha256(storageWithoutCredentials(yml.path("storage_service"))),
        loggers(yml.path("jobservice").path("job_loggers")),
        yml.path("data_volume").asText("/data"),
        new InstallerConfig.Written(true, InstallerKeys.ofYml(yml), List.of(), emptyPorts(yml)));
  }

  /** The {@code external_database.<db>.port} keys written with no value. */
  private static List<String> emptyPorts(JsonNode yml) {
    List<String> empty = new ArrayList<>();
    JsonNode databases = yml.path("external_database");
    if (databases.isObject()) {
      databases
          .fields()
          .forEachRemaining(
              db -> {
                JsonNode port = db.getValue().get("port");
                if (db.getValue().isObject()
                    && db.getValue().has("port")
                    && (port.isNull() || (port.isTextual() && port.asText().isBlank()))) {
                  empty.add("external_database." + db.getKey() + ".port");
                }
              });
    }
    return empty;
  }

  private static String externalUrl(JsonNode yml) {
    if (yml.hasNonNull("external_url")) {
      return yml.get("external_url").asText();
    }
    String host = yml.path("hostname").asText("");
    if (yml.path("https").isObject()) {
      int port = yml.path("https").path("port").asInt(443);
      return "https://" + host + (port == 443 ? "" : ":" + port);
    }
    int port = yml.path("http").path("port").asInt(80);
    return "http://" + host + (port == 80 ? "" : ":" + port);
  }

  private static String indexes(JsonNode redis) {
    List<String> indexes = new ArrayList<>();
    redis
        .fields()
        .forEachRemaining(
            f -> {
              if (f.getKey().endsWith("_db_index")) {
                indexes.add(f.getKey() + "=" + f.getValue().asText());
              }
            });
    indexes.sort(String::compareTo);
    return String.join(",", indexes);
  }

  private static String storageType(JsonNode storage) {
    for (String type : List.of("s3", "gcs", "azure", "swift", "oss", "filesystem")) {
      if (storage.has(type)) {
        return type;
      }
    }
    return "filesystem";
  }

  /** The storage section with secret-looking fields dropped, so only targets are compared. */
  private static String storageWithoutCredentials(JsonNode storage) {
    if (!storage.isObject()) {
      return "filesystem";
    }
    ObjectNode copy = ((ObjectNode) storage).deepCopy();
    copy.findParents("accesskey").forEach(p -> ((ObjectNode) p).remove("accesskey"));
    copy.findParents("secretkey").forEach(p -> ((ObjectNode) p).remove("secretkey"));
    copy.findParents("accountkey").forEach(p -> ((ObjectNode) p).remove("accountkey"));
    copy.findParents("password").forEach(p -> ((ObjectNode) p).remove("password"));
    return copy.toString();
  }

  private static List<String> loggers(JsonNode loggers) {
    if (!loggers.isArray()) {
      return List.of("file"); // before job_loggers, job logs went to files in the data volume
    }
    List<String> names = new ArrayList<>();
    loggers.forEach(l -> names.add(l.asText().toLowerCase(Locale.ROOT)));
    return names;
  }

  private static int integer(String text, int fallback) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
