package io.harborhaguard.lint;

import io.harborhaguard.config.GuardConfigs;
import io.harborhaguard.policy.Exemption;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicyProducer;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.text.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code --config FILE}: the service's properties ({@code harbor-ha-guard.min-replicas}, {@code
 * .shared-storage-classes}, {@code .mode."<RULE-ID>"}, …) read through the service's own
 * configuration mapping, on top of the settings already in force.
 */
public final class SettingsFile {

  private static final String PREFIX = "harbor-ha-guard.";

  private SettingsFile() {}

  public static PolicySettings load(Path file, PolicySettings base, PolicyEngine engine)
      throws BadInput {
    try {
      PolicySettings loaded =
          PolicyProducer.toSettings(GuardConfigs.file(file, properties(base)), engine);
      List<Exemption> exemptions = new ArrayList<>(base.exemptions());
      exemptions.addAll(loaded.exemptions());
      return loaded.withExemptions(exemptions);
    } catch (IOException e) {
      throw new BadInput(
          "cannot read config file " + file + ": " + Messages.firstLine(e.getMessage()));
    } catch (IllegalArgumentException | IllegalStateException | NoSuchElementException e) {
      throw new BadInput(file + ": " + Messages.firstLine(e.getMessage()));
    }
  }

  private static Map<String, String> properties(PolicySettings settings) {
    Map<String, String> properties = new HashMap<>();
    properties.put(PREFIX + "min-replicas", Integer.toString(settings.minReplicas()));
    if (!settings.sharedStorageClasses().isEmpty()) {
      properties.put(
          PREFIX + "shared-storage-classes", String.join(",", settings.sharedStorageClasses()));
    }
    settings
        .modes()
        .forEach((id, mode) -> properties.put(PREFIX + "mode.\"" + id + "\"", mode.label()));
    return properties;
  }
}
