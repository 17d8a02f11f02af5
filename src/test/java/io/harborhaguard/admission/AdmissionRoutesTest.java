package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdmissionRoutesTest {

  @Test
  void reviewThreadsAreFourPerProcessorUnlessConfigured() {
    int processors = Runtime.getRuntime().availableProcessors();
    assertThat(AdmissionRoutes.threads(0)).isEqualTo(Math.max(4, 4 * processors));
    assertThat(AdmissionRoutes.threads(3)).isEqualTo(3);
  }
}
