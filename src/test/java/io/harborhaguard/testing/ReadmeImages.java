package io.harborhaguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The README's screenshots (docs/images/): a test that takes one keeps it under target/ (a CI
 * artifact) and, with {@code -Dreadme.images.write=true} ({@code bin/readme-images}), replaces the
 * committed one. Each stays under {@link #MAX_BYTES}.
 */
public final class ReadmeImages {

  public static final Path FOLDER = Path.of("docs/images");
  public static final long MAX_BYTES = 300 * 1024;

  private ReadmeImages() {}

  public static void keep(Path screenshot, String name) throws IOException {
    assertThat(Files.size(screenshot)).as(screenshot + " in bytes").isLessThan(MAX_BYTES);
    Path committed = FOLDER.resolve(name);
    if (Boolean.getBoolean("readme.images.write")) {
      Files.createDirectories(FOLDER);
      Files.copy(screenshot, committed, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(committed).as("the README's image; bin/readme-images makes it").exists();
    assertThat(Files.size(committed)).as(committed + " in bytes").isLessThan(MAX_BYTES);
  }
}
