package io.harborhaguard.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.harborhaguard.policy.Finding;
import java.util.List;

/** The answer to one review, and what its log line and metrics say about it. */
public record ReviewOutcome(
    AdmissionResponse response,
    String decision,
    List<String> ruleIds,
    List<Finding> findings,
    boolean genuine) {

  /**
   * @param genuine a review of a Harbor release record that is what its Secret says, in a namespace
   *     the webhook covers, not a dry run: only such a review writes an Event
   */
  public ReviewOutcome {}

  public ReviewOutcome(
      AdmissionResponse response, String decision, List<String> ruleIds, List<Finding> findings) {
    this(response, decision, ruleIds, findings, false);
  }

  public ReviewOutcome(AdmissionResponse response, String decision, List<String> ruleIds) {
    this(response, decision, ruleIds, List.of());
  }
}
