package io.harborhaguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArchiveTest {

  @Test
  void anArchiveIsInUseWhenTheVmReportsSharing() {
    assertThat(Archive.inUse("mixed mode, sharing")).isTrue();
    assertThat(Archive.inUse("mixed mode")).isFalse();
    assertThat(Archive.inUse(null)).isFalse();
  }

  @Test
  void saysNothingWithoutAnArchiveNamed() {
    String before = System.getProperty(Archive.PROPERTY);
    try {
      System.clearProperty(Archive.PROPERTY);
      assertThat(Archive.reportUnused()).isFalse();
    } finally {
      if (before != null) {
        System.setProperty(Archive.PROPERTY, before);
      }
    }
  }
}
