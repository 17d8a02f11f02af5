package io.harborhaguard.helm.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartVersionTest {

  @ParameterizedTest
  @CsvSource({
    "1.19.1, 1, 19, 1",
    "v1.3.19, 1, 3, 19",
    "1.3.19-rc2, 1, 3, 19",
    "1.5.6, 1, 5, 6",
    "1.4, 1, 4, 0"
  })
  void parsesTagForms(String text, int major, int minor, int patch) {
    ChartVersion version = ChartVersion.parse(text);
    assertThat(version.major()).isEqualTo(major);
    assertThat(version.minor()).isEqualTo(minor);
    assertThat(version.patch()).isEqualTo(patch);
  }

  @Test
  void comparesByNumberNotText() {
    assertThat(ChartVersion.parse("1.10.4")).isGreaterThan(ChartVersion.parse("1.9.6"));
    assertThat(ChartVersion.parse("1.3.19")).isLessThan(ChartVersion.parse("1.4.0"));
    assertThat(ChartVersion.parse("v1.12.0").atLeast(1, 12, 0)).isTrue();
    assertThat(ChartVersion.parse("1.11.4").below(1, 12, 0)).isTrue();
  }

  @Test
  void refusesWhatIsNotAVersion() {
    assertThatThrownBy(() -> ChartVersion.parse("latest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latest");
  }

  /**
   * A version comes from records and files anyone may write: long or unprintable text is not
   * echoed.
   */
  @Test
  void namesALongOrUnprintableNonVersionByItsLengthOnly() {
    String planted = "x".repeat(41);
    assertThatThrownBy(() -> ChartVersion.parse(planted))
        .hasMessage("not a chart version: a text of 41 characters");
    assertThatThrownBy(() -> ChartVersion.parse("late\u001b[2Jst"))
        .hasMessage("not a chart version: a text of 10 characters");
    assertThat(ChartVersion.shown("1.2.3-<b>" + "y".repeat(40))).doesNotContain("<b>");
  }
}
