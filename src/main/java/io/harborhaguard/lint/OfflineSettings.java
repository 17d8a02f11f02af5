package io.harborhaguard.lint;

import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.config.GuardConfigs;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicyProducer;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.report.ModeInForce;
import io.harborhaguard.text.Messages;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * The settings of an offline command and where each rule's mode came from: the packaged defaults,
 * the environment, system properties ({@code -D} before the subcommand) and {@code --config FILE};
 * never a file of the working directory ({@link GuardConfigs#offline}).
 */
public record OfflineSettings(
    GuardConfig config, PolicySettings settings, List<ModeInForce> modes) {

  /** One rule's mode and its source: {@code packaged default}, {@code --config FILE}, … */
  public static OfflineSettings read(PolicyEngine engine, Path file) throws BadInput {
    try {
      SmallRyeConfig raw = GuardConfigs.offline(file);
      GuardConfig config = raw.getConfigMapping(GuardConfig.class);
      PolicySettings settings = PolicyProducer.toSettings(config, engine);
      List<ModeInForce> modes = new ArrayList<>();
      for (Rule check : engine.catalog().all()) {
        String key = "harbor-ha-guard.mode.\"" + check.id() + "\"";
        modes.add(
            new ModeInForce(
                check.id(),
                settings.modes().getOrDefault(check.id(), check.metadata().defaultMode()),
                GuardConfigs.origin(raw, key)));
      }
      return new OfflineSettings(config, settings, List.copyOf(modes));
    } catch (IOException e) {
      throw new BadInput(
          "cannot read config file " + file + ": " + Messages.firstLine(e.getMessage()));
    } catch (IllegalArgumentException
        | IllegalStateException
        | NoSuchElementException
        | ConfigValidationException e) {
      String where = file == null ? "configuration" : file.toString();
      throw new BadInput(where + ": " + oneLine(e.getMessage()));
    }
  }

  /**
   * One line: {@code modes in force: packaged defaults, except HA-REPLICAS=warn (--config
   * ci.properties)}.
   */
  public String note() {
    List<ModeInForce> changed =
        modes.stream().filter(m -> !m.from().equals(GuardConfigs.PACKAGED)).toList();
    String line = "modes in force: packaged defaults (harbor-ha-guard rules)";
    if (changed.isEmpty()) {
      return line;
    }
    return line
        + ", except "
        + changed.stream()
            .map(m -> m.rule() + "=" + m.mode().label() + " (" + m.from() + ")")
            .collect(Collectors.joining(", "));
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "invalid configuration";
    }
    // SmallRye's validation failure lists its problems on the lines after a header
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
