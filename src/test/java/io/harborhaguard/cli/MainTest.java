package io.harborhaguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.tls.Certificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {

  @AfterEach
  void clear() {
    System.clearProperty(Main.KEY_PBE_ITERATIONS);
  }

  @Test
  void inMemoryKeyStoresSkipPasswordStretchingAndKeepTheirKey() throws Exception {
    Main.skipKeyStretchingInMemory();
    assertThat(System.getProperty(Main.KEY_PBE_ITERATIONS)).isEqualTo("1");

    Certificates.Issued issued =
        Certificates.selfSigned(
            "main-test", List.of("localhost"), List.of(), Instant.now(), Duration.ofDays(1));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "in-memory".toCharArray();
    store.setKeyEntry("serving", issued.key(), password, new Certificate[] {issued.certificate()});
    assertThat(store.getKey("serving", password)).isEqualTo(issued.key());

    ByteArrayOutputStream stored = new ByteArrayOutputStream();
    store.store(stored, password);
    KeyStore reread = KeyStore.getInstance("PKCS12");
    reread.load(new ByteArrayInputStream(stored.toByteArray()), password);
    assertThat(reread.getKey("serving", password)).isEqualTo(issued.key());
  }

  @Test
  void anOperatorsOwnSettingIsKept() {
    System.setProperty(Main.KEY_PBE_ITERATIONS, "50000");
    Main.skipKeyStretchingInMemory();
    assertThat(System.getProperty(Main.KEY_PBE_ITERATIONS)).isEqualTo("50000");
  }

  @ParameterizedTest
  @CsvSource({"'', true", "serve, true", "lint, false", "post-render, false"})
  void onlyServeListens(String command, boolean serves) {
    String[] args = command.isEmpty() ? new String[0] : new String[] {command};
    assertThat(Main.servesHttp(args)).isEqualTo(serves);
  }

  @ParameterizedTest
  @CsvSource({
    "'', true",
    "serve, true",
    "serve --help, false",
    "serve --version, false",
    "lint, false",
    "--help, false"
  })
  void onlyAPlainServeGoesRoundTheCommandLineParser(String command, boolean plain) {
    String[] args = command.isEmpty() ? new String[0] : command.split(" ");
    assertThat(Main.servesWithoutOptions(args)).isEqualTo(plain);
  }
}
