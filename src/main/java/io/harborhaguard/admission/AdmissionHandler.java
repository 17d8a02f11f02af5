package io.harborhaguard.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.FindingFormat;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What both webhooks do around their decision: parse the AdmissionReview (a bad body is a 400 with
 * a reason, never a 5xx), turn a defect into a definite answer, log one line, record metrics, and
 * answer with the same uid.
 */
@Singleton
public class AdmissionHandler {

  private static final Logger LOG = Logger.getLogger(AdmissionHandler.class);

  @Inject ObjectMapper mapper;
  @Inject ReviewMetrics metrics;
  @Inject GuardConfig config;

  /** An HTTP answer: 200 with an AdmissionReview, or 400 with a Status. */
  public record Answer(int status, byte[] json) {}

  public Answer handle(
      String webhook,
      byte[] body,
      Function<AdmissionReviews.Parsed, ReviewOutcome> review,
      Function<AdmissionRequest, ReviewOutcome> onDefect,
      BiConsumer<AdmissionRequest, ReviewOutcome> after) {
    long start = System.nanoTime();
    AdmissionReviews.Parsed parsed;
    try {
      parsed = AdmissionReviews.parse(mapper, body);
    } catch (AdmissionReviews.BadReview e) {
      LOG.infof("webhook=%s review rejected as bad request: %s", webhook, e.getMessage());
      metrics.review(webhook, "", "", "bad-request", System.nanoTime() - start);
      return badRequest(e.getMessage());
    }
    AdmissionRequest request = parsed.request();
    ReviewOutcome outcome;
    try {
      outcome = review.apply(parsed);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) { // a defect or a bad library state: an answer, never a 500
      LOG.errorf(e, "webhook=%s uid=%s could not be evaluated", webhook, request.getUid());
      outcome = onDefect.apply(request);
    }
    long nanos = System.nanoTime() - start;
    // Fields from the body are echoed bounded, without control characters: a caller cannot
    // forge log lines or fill the log. Refusals, fixes and errors are one INFO line each; plain
    // admissions are counted in the
    // metrics and logged at DEBUG, unless harbor-ha-guard.audit.log-every-review asks for all.
    boolean notable = !"allowed".equals(outcome.decision()) || config.audit().logEveryReview();
    LOG.logf(
        notable ? Logger.Level.INFO : Logger.Level.DEBUG,
        "webhook=%s uid=%s kind=%s operation=%s namespace=%s name=%s decision=%s rules=%s durationMs=%.1f",
        webhook,
        Echo.value(request.getUid()),
        Echo.value(kind(request)),
        Echo.value(request.getOperation()),
        Echo.value(request.getNamespace()),
        Echo.value(request.getName()),
        outcome.decision(),
        outcome.ruleIds(),
        nanos / 1e6);
    metrics.review(webhook, kind(request), request.getOperation(), outcome.decision(), nanos);
    after.accept(request, outcome);
    return new Answer(200, json(AdmissionReviews.answer(outcome.response())));
  }

  static String kind(AdmissionRequest request) {
    return request.getKind() == null ? "" : request.getKind().getKind();
  }

  Answer badRequest(String message) {
    return new Answer(
        400,
        json(
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(400)
                .withReason("BadRequest")
                .withMessage(message)
                .build()));
  }

  private byte[] json(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // model classes always serialise
    }
  }

  /** Findings by rule and mode, as the metrics count them. */
  void countFindings(ReviewOutcome outcome) {
    outcome
        .findings()
        .forEach(
            f ->
                metrics.findings(
                    List.of(f.ruleId()),
                    f.exempted()
                        ? FindingFormat.EXEMPT
                        : f.refuses() ? "enforce" : f.mode().label()));
  }

  ReviewMetrics metrics() {
    return metrics;
  }
}
