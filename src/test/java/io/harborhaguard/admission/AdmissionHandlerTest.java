package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harborhaguard.config.GuardConfigs;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A review that throws is answered with the webhook's defect answer (an HTTP 200 the API server
 * reads), whatever it throws, except an error of the JVM itself, which must end the process.
 */
class AdmissionHandlerTest {

  static Stream<Supplier<Throwable>> thrown() {
    return Stream.of(
        () -> new IllegalStateException("a defect"),
        () -> new AssertionError("a broken invariant"),
        () -> new NoClassDefFoundError("io/example/Missing"),
        () -> new ExceptionInInitializerError("a static initialiser failed"));
  }

  @ParameterizedTest
  @MethodSource("thrown")
  void everyThrowableButAVirtualMachineErrorIsAnswered(Supplier<Throwable> failure)
      throws Exception {
    AdmissionHandler.Answer answer = handle(failure.get());
    assertThat(answer.status()).isEqualTo(200);
    JsonNode review = new ObjectMapper().readTree(answer.json());
    assertThat(review.at("/response/allowed").asBoolean()).isFalse();
    assertThat(review.at("/response/status/message").asText()).contains("could not evaluate");
  }

  @Test
  void aVirtualMachineErrorIsNotSwallowed() {
    assertThatThrownBy(() -> handle(new OutOfMemoryError("heap")))
        .isInstanceOf(OutOfMemoryError.class);
  }

  private static AdmissionHandler.Answer handle(Throwable failure) throws Exception {
    AdmissionHandler handler = new AdmissionHandler();
    handler.mapper = new ObjectMapper();
    handler.metrics = new ReviewMetrics();
    handler.metrics.registry = new SimpleMeterRegistry();
    handler.config = GuardConfigs.of(Map.of());
    byte[] body = Fixtures.JSON.writeValueAsBytes(Reviews.captured(Reviews.CAPTURED_SECRET_CREATE));
    return handler.handle(
        "validate",
        body,
        parsed -> {
          throw sneaky(failure);
        },
        ValidateEndpoint::defect,
        (request, outcome) -> {});
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable failure) throws T {
    throw (T) failure;
  }
}
