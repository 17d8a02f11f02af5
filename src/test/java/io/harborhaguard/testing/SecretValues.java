package io.harborhaguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Secret values the shared fixtures use; none may ever appear in output or logs. */
public final class SecretValues {

  public static final List<String> IN_FIXTURES =
      List.of(
          "password1", // database.external.password, redis.external.password
          "Sx7-stolon-own-pass", // Stolon's superuser in SettingsSyncIT
          "Yd3Hs8Kq1Vn6Bw0Zr5Tj2Lx9Pc4Mf7Ga", // core.xsrfKey
          "Qm7TzR2vLp9XwK4c", // core.secret
          "Jw5Nc8Rt2Xk6Vq9B", // jobservice.secret
          "Rz4Gp7Ks1Wd8Hm3Y", // registry.secret
          "k8Fq2LwZp9XcV4bN", // secretKey
          "s3-secret-example", // persistence.imageChartStorage.s3.secretkey
          "Harbor12345"); // harborAdminPassword (chart default)

  private SecretValues() {}

  public static void assertNoneIn(String what, String text) {
    for (String secret : IN_FIXTURES) {
      assertThat(text).as(what + " must not contain a secret value").doesNotContain(secret);
    }
  }
}
