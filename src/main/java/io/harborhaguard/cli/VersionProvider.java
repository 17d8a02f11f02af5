package io.harborhaguard.cli;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

public class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "harbor-ha-guard "
          + ConfigProvider.getConfig()
              .getOptionalValue("quarkus.application.version", String.class)
              .orElse("dev")
    };
  }
}
