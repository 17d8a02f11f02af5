package io.harborhaguard.policy.rules.values;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Commands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Htpasswd} against lines written by Debian's htpasswd (apache2-utils, installed by
 * bin/setup-prereqs --test), and against htpasswd's own verdict ({@code htpasswd -vb}).
 */
class HtpasswdIT {

  static final String HTPASSWD = "/usr/bin/htpasswd";
  static final String USER = "harbor_registry_user";
  static final String PASSWORD = "Registry-pass-in-secret-2";

  @BeforeAll
  static void htpasswdIsInstalled() {
    assertThat(Path.of(HTPASSWD))
        .as("htpasswd from apache2-utils: run bin/setup-prereqs --test")
        .exists();
  }

  @ParameterizedTest(name = "htpasswd -nb{0}, checked with {1}/{2}: {3}")
  @CsvSource({
    "B, harbor_registry_user, Registry-pass-in-secret-2, VERIFIES",
    "B -C 10, harbor_registry_user, Registry-pass-in-secret-2, VERIFIES",
    "B, harbor_registry_user, an-older-password, WRONG_PASSWORD",
    "B, admin, Registry-pass-in-secret-2, OTHER_USER",
    "B -C 11, harbor_registry_user, Registry-pass-in-secret-2, TOO_COSTLY",
    "m, harbor_registry_user, Registry-pass-in-secret-2, NOT_BCRYPT",
    "s, harbor_registry_user, Registry-pass-in-secret-2, NOT_BCRYPT"
  })
  void agreesWithHtpasswd(String options, String user, String password, Htpasswd.Verdict expected)
      throws Exception {
    String[] flags = options.split(" ");
    String[] command = new String[flags.length + 3];
    command[0] = HTPASSWD;
    command[1] = "-nb" + flags[0];
    System.arraycopy(flags, 1, command, 2, flags.length - 1);
    command[flags.length + 1] = USER;
    command[flags.length + 2] = PASSWORD;
    String written = Commands.ok(command).strip();
    assertThat(written).startsWith(USER + ":");

    Htpasswd.Verdict verdict =
        Htpasswd.verify(
            written.getBytes(StandardCharsets.UTF_8),
            user,
            password.getBytes(StandardCharsets.UTF_8));
    assertThat(verdict).isEqualTo(expected);

    // htpasswd's own check agrees wherever the guard gives a yes or no on a bcrypt line
    if (expected == Htpasswd.Verdict.VERIFIES || expected == Htpasswd.Verdict.WRONG_PASSWORD) {
      Path file = Files.createTempFile("htpasswd", "");
      Files.writeString(file, written + "\n");
      int exit = Commands.run(HTPASSWD, "-vb", file.toString(), user, password).exit();
      assertThat(exit == 0).isEqualTo(expected == Htpasswd.Verdict.VERIFIES);
    }
  }
}
