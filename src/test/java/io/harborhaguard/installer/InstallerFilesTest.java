package io.harborhaguard.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harborhaguard.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Harbor release's own installer file, 1.1 to 2.15, read as it ships. */
class InstallerFilesTest {

  static List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(Fixtures.root().resolve("harbor-installer"))) {
      return files.sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everyReleasesFileIsReadAsShippedWithItsBundledServices(Path file) throws Exception {
    String name = file.getFileName().toString();
    String release = name.substring(0, name.indexOf(".harbor"));
    String text = Files.readString(file);
    InstallerConfig config =
        name.endsWith(".cfg")
            ? InstallerFiles.readCfg(name, text)
            : InstallerFiles.readYml(name, text);
    assertThat(config.hostname()).isEqualTo("reg.mydomain.com");
    assertThat(config.database().external()).as("bundled database by default").isFalse();
    assertThat(config.redis().external()).as("bundled Redis by default").isFalse();
    assertThat(config.storageType()).isEqualTo("filesystem");
    if (!release.matches("1\\.[1-4]\\.0")) {
      // as shipped: the 2.1.0 template still says 2.0.0
      assertThat(config.version()).as("_version from 1.5 on").isPresent();
      assertThat(release).startsWith(config.version().get().substring(0, 2));
    }
    assertThat(InstallerFiles.looksLikeCfg(text)).isEqualTo(name.endsWith(".cfg"));
  }

  @Test
  void chartValuesAreNotAnInstallerFile() throws Exception {
    String values = Files.readString(Fixtures.harbor().resolve("v1.19.1/ha-ok.values.yaml"));
    assertThat(InstallerFiles.looksLikeCfg(values)).isFalse();
    assertThatThrownBy(() -> InstallerFiles.readYml("values.yaml", values))
        .isInstanceOf(InstallerFiles.NotAnInstallerFile.class)
        .hasMessageStartingWith("values.yaml: not a harbor.yml");
  }
}
