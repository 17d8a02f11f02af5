package io.harborhaguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import io.harborhaguard.helm.values.HarborObject;
import io.harborhaguard.policy.AppliedFix;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.FixResult;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies the fixes of rules in {@code mutate} mode to objects rendered by a Harbor release and
 * answers with the JSONPatch between the original and the fixed copy.
 */
public class ObjectMutator {

  /** Only add/remove/replace: what every API server applies without surprises. */
  private static final EnumSet<DiffFlags> PLAIN_PATCH =
      EnumSet.of(DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);

  private final PolicyEngine engine;
  private final PolicySettings settings;
  private final Function<String, Map<String, Mode>> namespaceModes;

  public ObjectMutator(
      PolicyEngine engine,
      PolicySettings settings,
      Function<String, Map<String, Mode>> namespaceModes) {
    this.engine = engine;
    this.settings = settings;
    this.namespaceModes = namespaceModes;
  }

  public ReviewOutcome review(AdmissionReviews.Parsed parsed) {
    AdmissionRequest request = parsed.request();
    String operation = request.getOperation();
    if (!"CREATE".equals(operation) && !"UPDATE".equals(operation)) {
      return unchanged(request.getUid());
    }
    var object = HarborObject.recognise(parsed.object());
    if (object.isEmpty()) {
      return unchanged(request.getUid());
    }
    FixResult result =
        engine.fix(
            object.get(),
            settings,
            namespaceModes.apply(request.getNamespace()),
            "CREATE".equals(operation));
    JsonNode patch = JsonDiff.asJson(object.get().json(), result.fixed(), PLAIN_PATCH);
    if (patch.isEmpty()) {
      return unchanged(request.getUid());
    }
    AdmissionResponse response =
        new AdmissionResponseBuilder()
            .withUid(request.getUid())
            .withAllowed(true)
            .withPatchType("JSONPatch")
            .withPatch(
                Base64.getEncoder()
                    .encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)))
            .withWarnings(result.fixes().stream().map(FindingFormat::line).toList())
            .build();
    return new ReviewOutcome(
        response, "patched", result.fixes().stream().map(AppliedFix::ruleId).distinct().toList());
  }

  private static ReviewOutcome unchanged(String uid) {
    return new ReviewOutcome(ReleaseReviewer.allow(uid, List.of()), "allowed", List.of());
  }
}
