package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.testing.ChartValuesFixtures;
import io.harborhaguard.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every address a real Harbor configuration holds (the chart's values of every release, the
 * installer's files), with a password planted in each form people write: the echoed value keeps the
 * address and loses the password.
 */
class EchoTest {

  static final String PASSWORD = "Pl4nted-Pa55";

  /** Forms of one address with credentials in it; the password is {@link #PASSWORD}. */
  static final List<UnaryOperator<String>> PLANTED =
      List.of(
          a -> "redis://:" + PASSWORD + "@" + a,
          a -> "redis://default:" + PASSWORD + "@" + a + "/0",
          a -> "rediss://harbor:" + PASSWORD + "@" + a + "?ssl_cert_reqs=required",
          a -> ":" + PASSWORD + "@" + a,
          a -> "harbor:" + PASSWORD + "@" + a,
          a -> "redis://:ab/" + PASSWORD + "#x@" + a,
          a -> "redis://:" + PASSWORD + "@@" + a,
          a -> a + "?password=" + PASSWORD,
          a -> "redis://" + a + "/0?db=1&Password=" + PASSWORD + "&x=y",
          a -> "postgres://harbor:" + PASSWORD + "@" + a + "/registry?sslmode=require",
          a -> "jdbc:postgresql://" + a + "/registry?user=harbor&password=" + PASSWORD,
          a -> "https://admin:" + PASSWORD + "@" + a,
          a -> a + ";token=" + PASSWORD,
          a -> a + "?secret=" + PASSWORD + "&pwd=" + PASSWORD + "&passwd=" + PASSWORD,
          a -> ":" + PASSWORD + "@" + a + ",:" + PASSWORD + "@" + a,
          a -> "redis+sentinel://:" + PASSWORD + "@" + a + "," + a + "/mymaster");

  static Stream<Arguments> addresses() {
    Set<String> addresses = new LinkedHashSet<>();
    try {
      List<String> texts = new ArrayList<>(ChartValuesFixtures.texts().values());
      for (Fixtures.Case c : Fixtures.valuesCases()) {
        texts.add(Files.readString(c.file(".values.yaml")));
      }
      for (String text : texts) {
        JsonNode values = new YAMLMapper().readTree(text);
        JsonNode redis = values.path("redis").path("external");
        add(addresses, redis.path("addr").asText(""));
        add(addresses, redis.path("host").asText("") + ":" + redis.path("port").asText("6379"));
        add(
            addresses,
            values.path("database").path("external").path("host").asText("")
                + ":"
                + values.path("database").path("external").path("port").asText("5432"));
        add(addresses, host(values.path("externalURL").asText("")));
      }
      Path installer = Fixtures.root().resolve("harbor-installer");
      try (Stream<Path> installerFiles = Files.list(installer)) {
        for (Path file : installerFiles.toList()) {
          for (String line : Files.readAllLines(file)) {
            String t = line.replaceFirst("^[#\\s]*", "");
            if (t.startsWith("host: ") && t.contains(":6379")) {
              add(addresses, t.substring("host: ".length()).trim());
            }
            if (t.startsWith("redis_url = ") && t.length() > "redis_url = ".length()) {
              add(addresses, t.substring("redis_url = ".length()).trim());
            }
            if (t.startsWith("hostname")) {
              add(addresses, t.replaceFirst("hostname\\s*[:=]\\s*", "").trim());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(addresses)
        .as("addresses read from the fixtures")
        .contains("192.168.0.2:6379", "redis:6379", "core.harbor.domain");
    List<Arguments> cases = new ArrayList<>();
    for (String address : addresses) {
      for (int form = 0; form < PLANTED.size(); form++) {
        cases.add(Arguments.of(address, form, PLANTED.get(form).apply(address)));
      }
    }
    return cases.stream();
  }

  private static void add(Set<String> addresses, String address) {
    if (!address.isBlank() && !address.startsWith(":")) {
      addresses.add(address);
    }
  }

  private static String host(String url) {
    return url.replaceFirst("^[a-z]+://", "");
  }

  @ParameterizedTest(name = "{0} form {1}")
  @MethodSource("addresses")
  void theAddressStaysAndThePasswordGoes(String address, int form, String planted) {
    String shown = Echo.value(planted);
    assertThat(shown).doesNotContain(PASSWORD).doesNotContain("ab/");
    String firstHost = address.split(",")[0];
    assertThat(shown).contains(firstHost.length() > Echo.MAX ? "" : firstHost);
    assertThat(Echo.redact("redis.external.addr \"" + planted + "\" is wrong"))
        .doesNotContain(PASSWORD);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis-haproxy.harbor.svc:6379",
        "sentinel-0.redis:26379,sentinel-1.redis:26379",
        "https://core.harbor.domain",
        "[fd00::1]:6379",
        "--set harborAdminPassword=<a password of your own>.",
        "--set database.external.password=<it>, or database.external.existingSecret."
      })
  void valuesWithoutCredentialsAreShownAsTheyAre(String value) {
    assertThat(Echo.value(value)).isEqualTo(value);
    assertThat(Echo.redact(value)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(ints = {121, 5000, 1_000_000})
  void aLongValueIsCutAndItsLengthSaid(int length) {
    String shown = Echo.value("r".repeat(length));
    assertThat(shown).hasSizeLessThan(Echo.MAX + 30).endsWith("(" + length + " characters)");
    assertThat(Echo.quoted("x".repeat(length))).startsWith("\"xxx").endsWith("characters)\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"host:6379\nHA-FAKE: forged line", "host\r\n:6379", "a\u0000b"})
  void aValueCannotStartALine(String value) {
    assertThat(Echo.value(value)).doesNotContain("\n").doesNotContain("\r").contains("?");
  }
}
