package io.harborhaguard.cli;

import io.harborhaguard.config.PolicyProducer;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads rule settings from a properties file with the service's keys ({@code
 * harbor-ha-guard.min-replicas}, {@code .shared-storage-classes}, {@code .mode."<RULE-ID>"}), on
 * top of the settings already in force.
 */
public final class SettingsFile {

  private static final String PREFIX = "harbor-ha-guard.";

  private SettingsFile() {}

  public static PolicySettings load(Path file, PolicySettings base, PolicyEngine engine)
      throws BadInput {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new BadInput("cannot read config file " + file + ": " + e.getMessage());
    }
    int minReplicas = base.minReplicas();
    Set<String> classes = base.sharedStorageClasses();
    Map<String, String> modes = new HashMap<>();
    base.modes().forEach((id, mode) -> modes.put(id, mode.label()));
    for (String key : properties.stringPropertyNames()) {
      String value = properties.getProperty(key).trim();
      if (key.equals(PREFIX + "min-replicas")) {
        minReplicas = parseInt(key, value);
      } else if (key.equals(PREFIX + "shared-storage-classes")) {
        classes = new LinkedHashSet<>(Arrays.asList(value.split("\\s*,\\s*")));
      } else if (key.startsWith(PREFIX + "mode.")) {
        modes.put(key.substring((PREFIX + "mode.").length()).replace("\"", ""), value);
      }
    }
    try {
      return PolicyProducer.toSettings(minReplicas, classes, modes, engine);
    } catch (IllegalArgumentException e) {
      throw new BadInput(file + ": " + e.getMessage());
    }
  }

  private static int parseInt(String key, String value) throws BadInput {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new BadInput(key + " must be a number, was '" + value + "'");
    }
  }
}
